#pragma once
#include <cstdint>

#include "app/content_sink.hpp"

namespace dlp {

// Mail and transfers are decoded to a depth, as HTTP bodies are: the bytes
// past it are scanned raw only, and the alert says truncated.
class DepthLimit {
 public:
  explicit DepthLimit(std::uint64_t depth) : depth_(depth) {}
  // What of `data` is still within the depth.
  ByteSpan cut(ByteSpan data, ContentSink& sink) {
    if (fed_ >= depth_) return {};
    if (fed_ + data.size() > depth_) {
      data = data.first(static_cast<std::size_t>(depth_ - fed_));
      sink.truncated();
    }
    fed_ += data.size();
    return data;
  }

 private:
  std::uint64_t depth_;
  std::uint64_t fed_ = 0;
};

}  // namespace dlp
