#include <string_view>

#include <gtest/gtest.h>

#include "chancery/parse.h"

namespace chancery::parse {
namespace {

TEST(DetectFormat, RecognisesEachFormatFromItsFirstBytes) {
  struct Case {
    std::string_view head;
    Format format;
  };
  for (const Case& c : {
           Case{"<?xml version='1.0' encoding='utf-8' ?>\n<!DOCTYPE html PUBLIC",
                Format::kCablegateHtml},
           Case{"<!DOCTYPE html>\n<html>", Format::kCablegateHtml},
           Case{"  <HTML lang='en'>", Format::kCablegateHtml},
           Case{"junk\n<table class='cable'>\n<tr>", Format::kCablegateHtml},
           Case{"{\"id\":\"07TELAVIV557\"}\n", Format::kJsonl},
           Case{"\xEF\xBB\xBF{\"id\":null}", Format::kJsonl},
           Case{"\"1\",\"9/27/2000 14:02\",\"00HARARE5461\",\"Embassy Harare\"",
                Format::kCablesCsv},
           Case{"\n\"5043\",\"12/31/2010 1:05\",\"10X1\"", Format::kCablesCsv},
           Case{"07TELAVIV557\niran-unsc: under secretary\nThu Feb 22 00:00:00 +0100 2007\nSECRET\n"
                "Embassy Tel Aviv\nVZCZCXRO4354\n",
                Format::kPlain},
           Case{"09AITTAIPEI275\r\ntitle\r\nThu Mar 12 09:09:00 +0000 2009\r\n", Format::kPlain},
           Case{"VZCZCXRO4354\nPP RUEHBC\nDE RUEHTV #0557/01 0530711\n", Format::kTelegram},
           Case{"S E C R E T TEL AVIV 000557\n", Format::kTelegram},
           // An id line without the plain date line is a telegram.
           Case{"07TELAVIV557\ntitle\nnot a date\n", Format::kTelegram},
           // A quoted line that is not a CSV row start.
           Case{"\"1\",\"2000-09-27 14:02\",\"x\"", Format::kTelegram},
           Case{"", Format::kTelegram},
           Case{std::string_view("\0\xFF\xFE", 3), Format::kTelegram},
       }) {
    SCOPED_TRACE(c.head);
    EXPECT_EQ(detect_format(c.head), c.format);
  }
}

TEST(FormatName, RoundTripsEveryFormat) {
  for (Format f : {Format::kAuto, Format::kTelegram, Format::kCablegateHtml, Format::kCablesCsv,
                   Format::kPlain, Format::kJsonl}) {
    EXPECT_EQ(format_from_name(format_name(f)), f);
  }
  EXPECT_EQ(format_name(Format::kCablesCsv), "cables-csv");
  EXPECT_EQ(format_from_name("csv"), std::nullopt);
}

}  // namespace
}  // namespace chancery::parse
