#include "app/coding/gzip_header.hpp"

namespace dlp {

void GzipHeader::next_part() {
  seen_ = 0;
  // The optional parts, in their order in the header.
  if (part_ == Part::fixed && (flags_ & kExtra)) {
    part_ = Part::extra_length;
  } else if ((part_ == Part::fixed || part_ == Part::extra) && (flags_ & kName)) {
    part_ = Part::name;
  } else if ((part_ == Part::fixed || part_ == Part::extra || part_ == Part::name) && (flags_ & kComment)) {
    part_ = Part::comment;
  } else if (part_ != Part::crc && (flags_ & kHeaderCrc)) {
    part_ = Part::crc;
  } else {
    state_ = State::done;
  }
}

std::size_t GzipHeader::read(ByteSpan in) {
  std::size_t i = 0;
  while (i < in.size() && state_ == State::reading) {
    const std::uint8_t b = in[i++];
    ++seen_;
    switch (part_) {
      case Part::fixed:  // magic, method, flags, time, extra flags, OS
        if ((seen_ == 1 && b != 0x1F) || (seen_ == 2 && b != 0x8B) || (seen_ == 3 && b != 8)) {
          state_ = State::not_gzip;
          return i;
        }
        if (seen_ == 4) flags_ = b;
        if (seen_ == 10) next_part();
        break;
      case Part::extra_length:
        extra_ = seen_ == 1 ? b : extra_ | static_cast<std::size_t>(b) << 8;
        if (seen_ == 2) {
          part_ = Part::extra;
          seen_ = 0;
          if (extra_ == 0) next_part();
        }
        break;
      case Part::extra:
        if (seen_ == extra_) next_part();
        break;
      case Part::name:
      case Part::comment:
        if (b == 0) next_part();
        break;
      case Part::crc:
        if (seen_ == 2) next_part();
        break;
    }
  }
  return i;
}

}  // namespace dlp
