#include "reassembly/stream_dump.hpp"

#include <fstream>

namespace dlp {

void StreamDump::on_data(ByteSpan data) {
  std::size_t room = kMaxBytes - bytes_.size();
  std::size_t take = data.size() < room ? data.size() : room;
  bytes_.append(as_chars(data.first(take)));
  dropped_ += data.size() - take;
}

void StreamDump::save(const std::string& dir, const std::string& name, const std::string& index_line) const {
  std::ofstream(dir + "/" + name + ".bin", std::ios::binary) << bytes_;
  std::ofstream(dir + "/index.tsv", std::ios::app)
      << name << '\t' << index_line << '\t' << bytes_.size() << '\t' << gaps_ << '\t' << dropped_ << '\n';
}

}  // namespace dlp
