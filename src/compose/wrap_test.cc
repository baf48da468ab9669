#include "compose/wrap.h"

#include <gtest/gtest.h>

namespace chancery::compose {
namespace {

TEST(WrapWords, GreedyWithinTheWidth) {
  EXPECT_EQ(wrap_words("one two three four", "", 9),
            (std::vector<std::string>{"one two", "three", "four"}));
  EXPECT_EQ(wrap_words("one  two\nthree", "1. ", 12), (std::vector<std::string>{"1. one two", "three"}));
  // A word longer than the width stands alone.
  EXPECT_EQ(wrap_words("a verylongword b", "", 5), (std::vector<std::string>{"a", "verylongword", "b"}));
  EXPECT_EQ(wrap_words("", "5. (S) ", 10), (std::vector<std::string>{"5. (S)"}));
}

TEST(WrapWords, ARejectedLineGivesItsFirstWordUp) {
  // No line may start with a digit: "3." joins the line before.
  const LineCheck no_digit = [](std::string_view line, std::size_t index, bool) {
    return index == 0 || !(line[0] >= '0' && line[0] <= '9');
  };
  EXPECT_EQ(wrap_words("see para 3. The end", "", 8, no_digit),
            (std::vector<std::string>{"see para 3.", "The end"}));
  // The last line may not be a lone short word: it joins the line before.
  const LineCheck no_lone_last = [](std::string_view line, std::size_t, bool last) {
    return !last || line.size() > 5;
  };
  EXPECT_EQ(wrap_words("alpha beta gamma", "", 11, no_lone_last),
            (std::vector<std::string>{"alpha beta gamma"}));
  // A rejected first line takes the next word instead.
  const LineCheck first_long = [](std::string_view line, std::size_t index, bool) {
    return index > 0 || line.size() > 6;
  };
  EXPECT_EQ(wrap_words("ab cd ef gh", "", 5, first_long), (std::vector<std::string>{"ab cd ef", "gh"}));
}

}  // namespace
}  // namespace chancery::compose
