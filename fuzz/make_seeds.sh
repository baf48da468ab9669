#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target: <out>/<target>/ (default
# build/fuzz-seeds/). Seeds are real cables, so the fuzzer starts from inputs
# that reach deep into the readers instead of rediscovering the formats.
#
# Sources, in order:
#   examples/ and tests/testdata/       always (small, shipped with the project)
#   ../shared/corpus/                    when present (or $CHANCERY_CORPUS):
#     cablegate-dev-html.tar.zst         ~250 pages, most cut down to the cable
#     cables-dev.csv.zst                 ~300 rows: CSV files of 1-3 rows, and
#                                        each row's telegram text and plain form
#     07TELAVIV557.txt                   the seed, as plain text and as telegram
# JSON Lines seeds come from `chancery parse --json` over the telegram seeds
# when a built binary is given ($CHANCERY_BIN), plus any *.jsonl test data.
#
# Usage: bash fuzz/make_seeds.sh [out-dir]
# Needs bash, perl (part of every Debian), tar and zstd.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/build/fuzz-seeds}
corpus=${CHANCERY_CORPUS:-$root/../shared/corpus}
targets=(fuzz_telegram fuzz_cablegate_html fuzz_cables_csv fuzz_plain fuzz_jsonl fuzz_detect fuzz_query fuzz_access fuzz_draft)

rm -rf "$out"
for t in "${targets[@]}"; do mkdir -p "$out/$t"; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# put <target> <file> [name]: copies a seed; names stay unique per source.
put() { cp "$2" "$out/$1/${3:-$(basename "$2")}"; }

# Splits cables.csv text (stdin) into rows and writes, for every `step`-th
# row: CSV files of 1 to 3 rows, the row's telegram (header + text columns,
# unescaped) and a plain-text form (5 metadata lines, then the telegram).
# Rows begin where a line starts with "<n>","<m>/<d>/<yyyy> (checked on the
# whole 5,043-row dump); a field is "..." with backslash escapes.
split_csv() {  # split_csv <prefix> <step> <max-rows>
  perl -e '
    my ($out, $prefix, $step, $max) = @ARGV;
    local $/; my $data = <STDIN>;
    my @rows = split /\n(?="\d+","\d{1,2}\/\d{1,2}\/\d{4} )/, $data;
    my ($kept, $group, @pending) = (0, 0);
    sub spit { my ($path, $text) = @_; open(my $f, ">", $path) or die "$path: $!";
               binmode $f; print $f $text; close $f; }
    for (my $i = 0; $i < @rows && $kept < $max; $i += $step) {
      my $row = $rows[$i]; $row =~ s/\n?\z/\n/;
      my @f = $row =~ /"((?:[^"\\]++|\\.)*+)"(?:,|\n|\z)/g;
      next unless @f == 8;
      s/\\(.)/$1/gs for @f;
      $kept++;
      my $telegram = "$f[6]\n\n$f[7]\n";
      spit("$out/fuzz_telegram/$prefix-$kept.txt", $telegram);
      spit("$out/fuzz_plain/$prefix-$kept.txt",
           "$f[2]\nsubject\n$f[1]\n$f[4]\n$f[3]\n$telegram") if $kept % 5 == 0;
      push @pending, $row;
      if (@pending >= 1 + $kept % 3) {
        $group++;
        spit("$out/fuzz_cables_csv/$prefix-$group.csv", join("", @pending));
        spit("$out/fuzz_detect/$prefix-$group.csv", join("", @pending)) if $group % 4 == 0;
        @pending = ();
      }
    }
    spit("$out/fuzz_cables_csv/$prefix-last.csv", join("", @pending)) if @pending;
  ' "$out" "$@"
}

# Cablegate pages are 60 KB of navigation around a few KB of cable. Most seeds
# keep the page head and the cable table only (fast to fuzz); every tenth page
# stays whole, so that the full page shape is covered too.
add_html() {  # add_html <page> <name>
  local page=$1 name=$2
  if ((html_count++ % 10 == 0)); then
    put fuzz_cablegate_html "$page" "$name"
    put fuzz_detect "$page" "$name"
  else
    perl -ne 'print if $. <= 10 || ($keep ||= /<table class=.cable/)' "$page" \
      >"$out/fuzz_cablegate_html/$name"
  fi
}
html_count=0

# 1. Shipped examples and test data.
for dir in "$root/examples" "$root/tests/testdata"; do
  [[ -d $dir ]] || continue
  while IFS= read -r -d '' f; do
    name=$(basename "$dir")-$(echo "${f#"$dir"/}" | tr '/' '_')
    case $f in
      *.html) add_html "$f" "$name"; put fuzz_detect "$f" "$name" ;;
      *.csv) put fuzz_cables_csv "$f" "$name"; put fuzz_detect "$f" "$name"
             split_csv "$name" 1 20 <"$f" ;;
      *.txt) put fuzz_plain "$f" "$name"; put fuzz_detect "$f" "$name"
             tail -n +6 "$f" >"$out/fuzz_telegram/$name" ;;
      *.jsonl|*.json) put fuzz_jsonl "$f" "$name"; put fuzz_detect "$f" "$name" ;;
    esac
  done < <(find "$dir" -type f \( -name '*.html' -o -name '*.csv' -o -name '*.txt' \
             -o -name '*.jsonl' -o -name '*.json' \) -size -2M -print0 | sort -z)
done

# 1b. Inputs that once broke a target (fuzz/regressions/<target>/): every
# run starts by executing them.
for dir in "$root"/fuzz/regressions/*/; do
  [[ -d $dir ]] || continue
  target=$(basename "$dir")
  mkdir -p "$out/$target"
  cp "$dir"* "$out/$target/" 2>/dev/null || true
done

# 2. The shared corpus, when this checkout sits beside it.
if [[ -d $corpus ]]; then
  if [[ -f $corpus/07TELAVIV557.txt ]]; then
    put fuzz_plain "$corpus/07TELAVIV557.txt"
    put fuzz_detect "$corpus/07TELAVIV557.txt"
    tail -n +6 "$corpus/07TELAVIV557.txt" >"$out/fuzz_telegram/07TELAVIV557.txt"
  fi
  if [[ -f $corpus/cables-dev.csv.zst ]]; then
    zstd -q -dc "$corpus/cables-dev.csv.zst" | split_csv corpus 17 300
  fi
  if [[ -f $corpus/cablegate-dev-html.tar.zst ]]; then
    zstd -q -dc "$corpus/cablegate-dev-html.tar.zst" | tar -t | grep '\.html$' |
      awk 'NR % 20 == 1' >"$tmp/pages"
    zstd -q -dc "$corpus/cablegate-dev-html.tar.zst" | tar -x -C "$tmp" -T "$tmp/pages"
    while IFS= read -r page; do add_html "$tmp/$page" "$(basename "$page")"; done <"$tmp/pages"
  fi
fi

# 3. JSON Lines: our own output, when a chancery binary is at hand.
bin=${CHANCERY_BIN:-}
if [[ -n $bin && -x $bin ]]; then
  i=0
  for f in "$out"/fuzz_telegram/*; do
    ((i++ % 4 == 0)) || continue
    "$bin" parse --json --format telegram "$f" >"$tmp/one.jsonl" 2>/dev/null || continue
    [[ -s $tmp/one.jsonl ]] || continue
    cp "$tmp/one.jsonl" "$out/fuzz_jsonl/$(basename "$f").jsonl"
    cat "$tmp/one.jsonl" >>"$tmp/many.jsonl"
  done
  if [[ -s $tmp/many.jsonl ]]; then
    head -n 5 "$tmp/many.jsonl" >"$out/fuzz_jsonl/many.jsonl"
    cp "$out/fuzz_jsonl/many.jsonl" "$out/fuzz_detect/many.jsonl"
  fi
fi
# A record using every field, so the JSON target never starts empty.
cat >"$out/fuzz_jsonl/record.jsonl" <<'JSON'
{"id":"07TELAVIV557","origin":"Embassy Tel Aviv","created":"2007-02-22T07:11Z","released":null,"classification":"SECRET","handling":["SIPDIS"],"transmission_id":"VZCZCXRO4354","precedence":"PRIORITY","from":"AMEMBASSY TEL AVIV","to":[{"route":"RUEHC","name":"SECSTATE WASHDC","precedence":"PRIORITY","mcn":"9537","excluded":[]}],"info":[{"route":null,"name":"IRAN COLLECTIVE","precedence":null,"mcn":null,"excluded":["AMEMBASSY TEHRAN"]}],"subject":"iran-unsc: under secretary joseph's discussions","tags":["PREL","IR"],"references":[{"bullet":"a","id":"07TELAVIV553","text":"Tel aviv 00553"},{"bullet":null,"id":null,"text":"e-mail"}],"classified_by":"Ambassador Richard H. Jones","reasons":["1.4(b)","1.4(d)"],"declassify_on":"2017-02-09","summary":"During his visit \u00b6 \"quoted\"","paragraphs":[{"number":"1","marking":"S","text":"Text."},{"number":"2","marking":null,"text":"More."}],"signed_by":["JONES"],"sections":4,"body":"1. (S) Text.\n2. More.","format":"plain","warnings":[{"line":12,"message":"repaired"}],"raw":{"header":"07TELAVIV557\n","body":"1. (S) Text."}}
JSON
# Markings, a policy and a small marked cable for the access target.
i=0
for m in 'S/NF' 'S//NF' 'SECRET//NOFORN' 'C/REL NATO' 'S//REL TO USA, FVEY' 'S/REL TO NATO/AUS' 'SBU/N' \
         'U//FOUO' 'UNCLASSIFIED//FOR OFFICIAL USE ONLY' 'TS//SI//NF' 'C/F' 'LIMITED OFFICIAL USE'; do
  printf '%s' "$m" >"$out/fuzz_access/marking-$((i++))"
done
printf '%s' '{"controls":{"EXDIS":{"rule":"group","group":"exdis"},"SIPDIS":{"rule":"open"}},"holds":{"07TELAVIV557":"review"}}' \
  >"$out/fuzz_access/policy.json"
printf 'SECRET//NOFORN\nSUBJECT: (C) a subject\n(S) one\n(U) two\n(C/REL GBR) three\nnot a paragraph\n' \
  >"$out/fuzz_access/cable.txt"
# Drafts: the documented example (the seed cable as a draft) and a small one.
awk '/^```json$/ {on = 1; next} /^```$/ {on = 0} on' "$root/docs/drafts.md" >"$out/fuzz_draft/seed-draft.json"
printf '%s' '{"from":"AMEMBASSY PARIS","precedence":"FLASH","to":[{"name":"SECSTATE WASHDC","precedence":"NIACT IMMEDIATE"}],"info":[{"name":"IRAN COLLECTIVE"}],"exempt":["AMEMBASSY LONDON"],"classification":"SECRET","captions":["NOFORN"],"declassify_on":"25X1","tags":["PREL","FR"],"subject":"A subject","subject_marking":"C","references":[{"text":"STATE 12345"}],"classified_by":"X","reasons":["1.4(b)"],"paragraphs":[{"marking":"S/NF","text":"One."},{"number":"3","marking":"U","text":"Two."}],"signature":"DOE"}' \
  >"$out/fuzz_draft/small.json"

for t in "${targets[@]}"; do
  printf '%-22s %4d seeds %6d KB\n' "$t" "$(find "$out/$t" -type f | wc -l)" \
    "$(du -sk "$out/$t" | cut -f1)"
done
