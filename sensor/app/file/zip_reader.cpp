#include "app/file/zip_reader.hpp"

#include <algorithm>

namespace dlp {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEndOfCentral = 0x06054b50,
                        kDescriptor = 0x08074b50;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::uint16_t kHasDescriptor = 1 << 3, kEncrypted = 1 << 0;
constexpr std::uint16_t kStored = 0, kDeflated = 8;

std::uint64_t le(std::string_view b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<std::uint8_t>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

}  // namespace

bool ZipReader::fill(ByteSpan& data, std::size_t n) {
  if (held_.size() >= n) return true;
  const std::size_t take = std::min(n - held_.size(), data.size());
  held_.append(as_chars(data.first(take)));
  data = data.subspan(take);
  return held_.size() == n;
}

void ZipReader::write(ByteSpan data, ZipEntrySink& sink) {
  while (!data.empty() && state_ != State::done) {
    switch (state_) {
      case State::header: {
        if (held_.empty() && data.size() >= 4) {
          const auto sig = le(as_chars(data), 0, 4);
          if (sig == kCentralHeader || sig == kEndOfCentral) {
            state_ = State::done;  // the directory repeats what was read
            break;
          }
        }
        if (!fill(data, kLocalHeaderSize)) break;
        if (le(held_, 0, 4) != kLocalHeader) {
          const auto sig = le(held_, 0, 4);
          if (sig == kCentralHeader || sig == kEndOfCentral)
            state_ = State::done;
          else
            fail(stats_->archive_errors, sink);
          break;
        }
        flags_ = static_cast<std::uint16_t>(le(held_, 6, 2));
        method_ = static_cast<std::uint16_t>(le(held_, 8, 2));
        compressed_ = le(held_, 18, 4);
        name_length_ = static_cast<std::size_t>(le(held_, 26, 2));
        extra_length_ = static_cast<std::size_t>(le(held_, 28, 2));
        held_.clear();
        state_ = State::name;
        break;
      }
      case State::name:
        if (fill(data, name_length_ + extra_length_)) start_entry(sink);
        break;
      case State::data: entry_bytes(data, sink); break;
      case State::descriptor: {
        // CRC, compressed and uncompressed size, with or without a signature.
        if (!fill(data, 4)) break;
        const std::size_t size = le(held_, 0, 4) == kDescriptor ? 16 : 12;
        if (!fill(data, size)) break;
        held_.clear();
        state_ = State::header;
        break;
      }
      case State::done: break;
    }
  }
}

void ZipReader::start_entry(ZipEntrySink& sink) {
  const std::string_view name = std::string_view(held_).substr(0, name_length_);
  // ZIP64: the real sizes are in extra field 0x0001 (uncompressed, then compressed).
  for (std::size_t at = name_length_; at + 4 <= held_.size();) {
    const auto id = le(held_, at, 2), size = le(held_, at + 2, 2);
    if (id == 0x0001 && compressed_ == 0xFFFFFFFF && size >= 16 && at + 4 + 16 <= held_.size())
      compressed_ = le(held_, at + 12, 8);
    at += 4 + size;
  }
  if (++entries_ > limits_->max_archive_entries) return fail(stats_->size_limit, sink);
  const bool sized = !(flags_ & kHasDescriptor) || compressed_ != 0;
  if (flags_ & kEncrypted || (method_ != kStored && method_ != kDeflated)) {
    if (!sized) return fail(stats_->unsupported, sink);
    ++stats_->unsupported;
    remaining_ = compressed_;  // skipped
    in_entry_ = false;
  } else if (method_ == kStored && !sized) {
    return fail(stats_->unsupported, sink);  // its end could only be guessed
  } else {
    ++stats_->archive_entries;
    sink.begin_entry(name);
    in_entry_ = true;
    remaining_ = sized ? compressed_ : UINT64_MAX;
    inflater_ =
        method_ == kDeflated ? std::make_unique<DeflateDecoder>(*limits_, DeflateDecoder::Format::raw) : nullptr;
  }
  held_.clear();
  state_ = State::data;
  if (remaining_ == 0) end_entry(sink, true);
}

void ZipReader::entry_bytes(ByteSpan& data, ZipEntrySink& sink) {
  const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, data.size()));
  ByteSpan piece = data.first(n);
  if (in_entry_ && inflater_) {
    const std::size_t used = inflater_->write(piece, inflated_);
    if (!inflated_.empty()) sink.entry_data(as_bytes(inflated_));
    if (inflater_->bomb()) return fail(stats_->bombs, sink);
    if (inflater_->failed()) return fail(stats_->inflate_errors, sink);
    if (inflater_->ended() && remaining_ == UINT64_MAX) piece = piece.first(used);  // the descriptor follows
  } else if (in_entry_) {
    sink.entry_data(piece);
  }
  data = data.subspan(piece.size());
  if (remaining_ != UINT64_MAX) remaining_ -= piece.size();
  const bool ended = remaining_ == 0 || (inflater_ && inflater_->ended() && remaining_ == UINT64_MAX);
  if (ended) end_entry(sink, true);
}

void ZipReader::end_entry(ZipEntrySink& sink, bool complete) {
  if (in_entry_) sink.end_entry(complete);
  in_entry_ = false;
  inflater_.reset();
  state_ = (flags_ & kHasDescriptor) && complete ? State::descriptor : State::header;
}

void ZipReader::fail(std::uint64_t& counter, ZipEntrySink& sink) {
  ++counter;
  if (in_entry_) sink.end_entry(false);
  in_entry_ = false;
  inflater_.reset();
  state_ = State::done;
}

void ZipReader::finish(ZipEntrySink& sink) {
  const bool mid_header =
      state_ == State::name || state_ == State::descriptor || (state_ == State::header && !held_.empty());
  if (mid_header) ++stats_->archive_errors;
  if (in_entry_) sink.end_entry(false);
  in_entry_ = false;
  state_ = State::done;
}

}  // namespace dlp
