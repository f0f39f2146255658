//===- DateFunctions.cpp - ARM date functions -----------------------------===//
///
/// \file
/// dateTimeAdd, dateTimeFromEpoch, dateTimeToEpoch, utcNow.
///
/// utcNow() is only known at deployment. Dates are UTC with 100 ns ticks as
/// in .NET; durations are ISO 8601 (`P1Y2M3DT4H5M6S`, `-PT1H`, weeks), years
/// and months added on the calendar (the day clamped to the month's end).
/// Without a format, dateTimeAdd() prints ISO 8601 (`2023-04-01T01:00:38Z`,
/// what the official Bicep compiler's ARM engine gives; the documentation's
/// `4/7/2023 2:53:14 PM` is the portal's rendering); .NET custom date
/// formats are supported.
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringExtras.h"

#include <cstdio>

using namespace armor;
using namespace armor::eval;
using ir::Value;

namespace {

/// A UTC instant: days since 1970-01-01 and 100 ns ticks into the day.
struct DateTime {
  int64_t days = 0;
  int64_t ticks = 0;
};

constexpr int64_t TicksPerSecond = 10'000'000;
constexpr int64_t TicksPerDay = 86400 * TicksPerSecond;

} // namespace

/// Days since the epoch of a proleptic Gregorian date (H. Hinnant).
static int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

static void civilFromDays(int64_t z, int64_t &y, unsigned &m, unsigned &d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
}

static bool isLeap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned daysInMonth(int64_t y, unsigned m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

static bool readDigits(llvm::StringRef &s, size_t n, unsigned &out) {
  if (s.size() < n || !llvm::all_of(s.take_front(n), llvm::isDigit))
    return false;
  s.take_front(n).getAsInteger(10, out);
  s = s.drop_front(n);
  return true;
}

/// Parses ISO 8601 as ARM accepts it: `yyyy-MM-dd[(T| )HH:mm[:ss[.f]]]`
/// with an optional `Z` or `±hh:mm` (no zone means UTC).
static bool parseDateTime(llvm::StringRef s, DateTime &out) {
  s = s.trim();
  unsigned year, month, day, hour = 0, minute = 0, second = 0;
  if (!readDigits(s, 4, year) || !s.consume_front("-") ||
      !readDigits(s, 2, month) || !s.consume_front("-") ||
      !readDigits(s, 2, day))
    return false;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return false;
  int64_t fraction = 0;
  if (s.consume_front("T") || s.consume_front("t") || s.consume_front(" ")) {
    if (!readDigits(s, 2, hour) || !s.consume_front(":") ||
        !readDigits(s, 2, minute))
      return false;
    if (s.consume_front(":")) {
      if (!readDigits(s, 2, second))
        return false;
      if (s.consume_front(".")) {
        size_t n = 0;
        int64_t scale = TicksPerSecond;
        while (n < s.size() && llvm::isDigit(s[n])) {
          scale /= 10;
          fraction += (s[n] - '0') * scale;
          ++n;
        }
        if (n == 0)
          return false;
        s = s.drop_front(n);
      }
    }
    if (hour > 23 || minute > 59 || second > 59)
      return false;
  }
  int64_t offsetMinutes = 0;
  if (s.consume_front("Z") || s.consume_front("z")) {
  } else if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    bool negative = s[0] == '-';
    s = s.drop_front();
    unsigned oh = 0, om = 0;
    if (!readDigits(s, 2, oh))
      return false;
    s.consume_front(":");
    readDigits(s, 2, om);
    offsetMinutes = (negative ? -1 : 1) * static_cast<int64_t>(oh * 60 + om);
  }
  if (!s.empty())
    return false;
  out.days = daysFromCivil(year, month, day);
  out.ticks = (hour * 3600 + minute * 60 + second) * TicksPerSecond + fraction -
              offsetMinutes * 60 * TicksPerSecond;
  while (out.ticks < 0) {
    out.ticks += TicksPerDay;
    --out.days;
  }
  while (out.ticks >= TicksPerDay) {
    out.ticks -= TicksPerDay;
    ++out.days;
  }
  return true;
}

/// Adds an ISO 8601 duration; false if it is malformed.
static bool addDuration(DateTime &dt, llvm::StringRef duration) {
  llvm::StringRef s = duration.trim();
  bool negative = s.consume_front("-");
  if (!s.consume_front("P") && !s.consume_front("p"))
    return false;
  int64_t years = 0, months = 0, days = 0, ticks = 0;
  bool time = false, any = false;
  while (!s.empty()) {
    if (s.consume_front("T") || s.consume_front("t")) {
      time = true;
      continue;
    }
    size_t n = 0;
    while (n < s.size() && (llvm::isDigit(s[n]) || s[n] == '.'))
      ++n;
    if (n == 0 || n == s.size())
      return false;
    double amount = 0;
    if (s.take_front(n).getAsDouble(amount))
      return false;
    char unit = llvm::toUpper(s[n]);
    s = s.drop_front(n + 1);
    any = true;
    auto whole = static_cast<int64_t>(amount);
    if (!time) {
      if (unit == 'Y')
        years += whole;
      else if (unit == 'M')
        months += whole;
      else if (unit == 'W')
        days += whole * 7;
      else if (unit == 'D')
        days += whole;
      else
        return false;
    } else {
      double seconds = unit == 'H'   ? amount * 3600
                       : unit == 'M' ? amount * 60
                       : unit == 'S' ? amount
                                     : -1;
      if (seconds < 0)
        return false;
      ticks += static_cast<int64_t>(seconds * TicksPerSecond);
    }
  }
  if (!any)
    return false;
  int64_t sign = negative ? -1 : 1;
  if (years || months) {
    int64_t y;
    unsigned m, d;
    civilFromDays(dt.days, y, m, d);
    int64_t total = y * 12 + (m - 1) + sign * (years * 12 + months);
    y = total >= 0 ? total / 12 : (total - 11) / 12;
    m = static_cast<unsigned>(total - y * 12) + 1;
    if (y < 1 || y > 9999)
      return false;
    d = std::min(d, daysInMonth(y, m));
    dt.days = daysFromCivil(y, m, d);
  }
  dt.days += sign * days;
  dt.ticks += sign * ticks;
  dt.days += dt.ticks / TicksPerDay;
  dt.ticks %= TicksPerDay;
  if (dt.ticks < 0) {
    dt.ticks += TicksPerDay;
    --dt.days;
  }
  return true;
}

/// Formats with a .NET date format ("u", "o", "yyyyMMdd", ...); an empty
/// format is ISO 8601 with the fraction of a second only when there is one.
static bool formatDateTime(const DateTime &dt, llvm::StringRef format,
                           std::string &out) {
  int64_t year;
  unsigned month, day;
  civilFromDays(dt.days, year, month, day);
  int64_t secondsOfDay = dt.ticks / TicksPerSecond;
  int64_t fraction = dt.ticks % TicksPerSecond;
  unsigned hour = secondsOfDay / 3600, minute = secondsOfDay / 60 % 60,
           second = secondsOfDay % 60;
  if (format.empty())
    format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'";
  else if (format == "u")
    format = "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";
  else if (format == "s")
    format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
  else if (format == "o" || format == "O")
    format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";
  else if (format == "R" || format == "r")
    format = "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";
  else if (format.size() == 1)
    return false; // other standard formats depend on a culture
  static const char *const monthNames[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  static const char *const dayNames[] = {"Thursday", "Friday", "Saturday",
                                         "Sunday",   "Monday", "Tuesday",
                                         "Wednesday"};
  auto pad = [](int64_t v, size_t width) {
    std::string s = std::to_string(v);
    while (s.size() < width)
      s.insert(s.begin(), '0');
    return s;
  };
  for (size_t i = 0; i < format.size();) {
    char c = format[i];
    size_t run = 1;
    while (i + run < format.size() && format[i + run] == c)
      ++run;
    switch (c) {
    case 'y':
      out += run == 2 ? pad(year % 100, 2) : pad(year, run);
      break;
    case 'M':
      if (run >= 4)
        out += monthNames[month - 1];
      else if (run == 3)
        out += llvm::StringRef(monthNames[month - 1]).take_front(3).str();
      else
        out += pad(month, run);
      break;
    case 'd': {
      const char *name = dayNames[((dt.days % 7) + 7) % 7];
      if (run >= 4)
        out += name;
      else if (run == 3)
        out += llvm::StringRef(name).take_front(3).str();
      else
        out += pad(day, run);
      break;
    }
    case 'H':
      out += pad(hour, std::min<size_t>(run, 2));
      break;
    case 'h':
      out += pad(hour % 12 == 0 ? 12 : hour % 12, std::min<size_t>(run, 2));
      break;
    case 'm':
      out += pad(minute, std::min<size_t>(run, 2));
      break;
    case 's':
      out += pad(second, std::min<size_t>(run, 2));
      break;
    case 'f':
    case 'F': {
      std::string digits = pad(fraction, 7).substr(0, std::min<size_t>(run, 7));
      if (c == 'F') {
        while (!digits.empty() && digits.back() == '0')
          digits.pop_back();
        // .NET drops the decimal point along with an empty fraction.
        if (digits.empty() && !out.empty() && out.back() == '.')
          out.pop_back();
      }
      out += digits;
      break;
    }
    case 't':
      out += run == 1 ? (hour < 12 ? "A" : "P") : (hour < 12 ? "AM" : "PM");
      break;
    case 'K':
    case 'Z':
      out += c == 'K' ? "Z" : std::string(run, 'Z');
      break;
    case 'z':
      out += run == 1 ? "+0" : run == 2 ? "+00" : "+00:00";
      break;
    case '\'':
    case '"': {
      size_t end = format.find(c, i + 1);
      if (end == llvm::StringRef::npos)
        return false;
      out += format.slice(i + 1, end).str();
      i = end + 1;
      continue;
    }
    case '\\':
      if (i + 1 < format.size())
        out += format[i + 1];
      i += 2;
      continue;
    default:
      out.append(run, c);
    }
    i += run;
  }
  return true;
}

static Value fnUtcNow(CallContext &c) {
  return c.unknown("utcNow() is only known at deployment");
}

static Value fnDateTimeAdd(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a date-time string");
  if (!c[1].isString())
    return c.failType(1, "an ISO 8601 duration");
  DateTime dt;
  if (!parseDateTime(c[0].getString(), dt))
    return c.fail("'" + c[0].getString() + "' is not an ISO 8601 date-time");
  if (!addDuration(dt, c[1].getString()))
    return c.fail("'" + c[1].getString() + "' is not an ISO 8601 duration");
  std::string format;
  if (c.size() > 2) {
    if (!c[2].isString())
      return c.failType(2, "a format string");
    format = c[2].getString();
  }
  std::string out;
  if (!formatDateTime(dt, format, out))
    return c.unknown("the date format '" + format +
                     "' depends on a culture armor does not model");
  return Value::string(std::move(out));
}

static Value fnDateTimeFromEpoch(CallContext &c) {
  if (!c[0].isInteger())
    return c.failType(0, "an integer");
  int64_t seconds = c[0].getInteger();
  if (seconds < -62135596800LL || seconds > 253402300799LL)
    return c.fail("the epoch time is outside the years 1 to 9999");
  DateTime dt;
  dt.days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  dt.ticks = (seconds - dt.days * 86400) * TicksPerSecond;
  std::string out;
  formatDateTime(dt, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", out);
  return Value::string(std::move(out));
}

static Value fnDateTimeToEpoch(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a date-time string");
  DateTime dt;
  if (!parseDateTime(c[0].getString(), dt))
    return c.fail("'" + c[0].getString() + "' is not an ISO 8601 date-time");
  return Value::integer(dt.days * 86400 + dt.ticks / TicksPerSecond);
}

static const Builtin dateBuiltins[] = {
    {"dateTimeAdd", 2, 3, ArgPolicy::Strict, fnDateTimeAdd, nullptr},
    {"dateTimeFromEpoch", 1, 1, ArgPolicy::Strict, fnDateTimeFromEpoch,
     nullptr},
    {"dateTimeToEpoch", 1, 1, ArgPolicy::Strict, fnDateTimeToEpoch, nullptr},
    {"utcNow", 0, 1, ArgPolicy::Raw, fnUtcNow, nullptr},
};

llvm::ArrayRef<Builtin> armor::eval::getDateBuiltins() { return dateBuiltins; }
