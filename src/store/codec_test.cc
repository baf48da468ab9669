#include "store/codec.h"

#include <string>

#include <gtest/gtest.h>

namespace chancery::store {
namespace {

const std::string kRaw =
    "\"1\",\"2007-02-22 07:11\",\"07TELAVIV557\",\"Embassy Tel Aviv\",\"CONFIDENTIAL\",\"\","
    "\"SUBJECT: ISRAELI VIEWS ON IRAN\\n\\n1. (C) The main points the Under Secretary's Israeli "
    "interlocutors made are as follows: the U.S. and Israel should continue to coordinate.\"";
const std::string kRecord =
    "{\"id\":\"07TELAVIV557\",\"origin\":\"Embassy Tel Aviv\",\"subject\":\"ISRAELI VIEWS ON IRAN\","
    "\"body\":\"SUBJECT: ISRAELI VIEWS ON IRAN\\n\\n1. (C) The main points the Under Secretary's "
    "Israeli interlocutors made are as follows: the U.S. and Israel should continue to coordinate.\"}";

TEST(Codec, ARecordCompressedAgainstItsRawInputReadsBack) {
  const std::string blob = compress_record(kRecord, kRaw);
  EXPECT_TRUE(record_needs_raw(blob));
  Result<std::string> back = decompress_record(blob, kRaw);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, kRecord);
  // The text it shares with the raw input is not stored again.
  EXPECT_LT(blob.size(), compress(kRecord).size());
}

TEST(Codec, APlainFrameReadsBackAsARecord) {
  const std::string blob = compress(kRecord);
  EXPECT_FALSE(record_needs_raw(blob));
  Result<std::string> back = decompress_record(blob, "");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, kRecord);
}

TEST(Codec, EmptyRecordsAndRawInputsReadBack) {
  for (const auto& [record, raw] : {std::pair<std::string, std::string>{"", ""},
                                    {"", kRaw},
                                    {kRecord, ""}}) {
    Result<std::string> back = decompress_record(compress_record(record, raw), raw);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, record);
  }
}

TEST(Codec, ADamagedOrMismatchedRecordIsAnErrorNotACrash) {
  const std::string blob = compress_record(kRecord, kRaw);
  // Against another raw input: an error or other bytes, never a crash.
  Result<std::string> other = decompress_record(blob, kRaw.substr(0, 40));
  if (other) {
    EXPECT_NE(*other, kRecord);
  }
  for (std::size_t cut : {std::size_t{1}, std::size_t{2}, blob.size() / 2, blob.size() - 1}) {
    Result<std::string> r = decompress_record(blob.substr(0, cut), kRaw);
    EXPECT_FALSE(r) << "cut at " << cut;
    if (!r) {
      EXPECT_EQ(r.error().code, Errc::kIo);
    }
  }
  EXPECT_FALSE(decompress_record("R", kRaw));
  EXPECT_FALSE(decompress_record("Rnot a frame", kRaw));
}

}  // namespace
}  // namespace chancery::store
