// A sender for the crash test (crash_test.cc): opens the post office of the
// archive in argv[1] and sends test::crash_draft() from AMEMBASSY TEL AVIV
// until killed (or argv[2] times), writing each acknowledged cable's id on
// standard output, flushed, the moment send() returns. Whatever it printed
// must be in the archive, whenever it is killed.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "post_test_util.h"

int main(int argc, char** argv) {
  using namespace chancery;
  if (argc < 2) {
    std::fprintf(stderr, "usage: send_loop ARCHIVE_DIR [COUNT]\n");
    return 2;
  }
  const long count = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 0;
  Result<post::PostOffice> po = post::PostOffice::open(argv[1]);
  if (!po) {
    std::fprintf(stderr, "send_loop: %s\n", po.error().to_string().c_str());
    return 1;
  }
  const users::User officer = post::test::user("cohen", users::Role::kOfficer, "AMEMBASSY TEL AVIV");
  const compose::Draft draft = post::test::crash_draft();
  for (long i = 0; count == 0 || i < count; ++i) {
    Result<post::Sent> sent = po->send(draft, officer);
    if (!sent) {
      std::fprintf(stderr, "send_loop: %s\n", sent.error().to_string().c_str());
      return 1;
    }
    std::printf("%s\n", sent->id.c_str());
    std::fflush(stdout);
  }
  return 0;
}
