#include "app/content_helper.hpp"

#include <brotli/encode.h>
#include <zlib.h>

namespace dlp::test {

std::string zlib_compress(const std::string& data, int window_bits) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string brotli_compress(const std::string& data) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                        reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                        reinterpret_cast<std::uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

namespace {

void put(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

}  // namespace

std::string zip(const std::vector<ZipEntry>& entries) {
  std::string out, directory;
  for (const ZipEntry& e : entries) {
    const std::string stored = e.deflated ? zlib_compress(e.data, -15) : e.data;
    const auto crc = crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size()));
    const std::size_t offset = out.size();
    put(out, 0x04034b50, 4);
    put(out, 20, 2);
    put(out, e.descriptor ? 8 : 0, 2);
    put(out, e.deflated ? 8 : 0, 2);
    put(out, 0, 4);  // time, date
    put(out, e.descriptor ? 0 : crc, 4);
    put(out, e.descriptor ? 0 : stored.size(), 4);
    put(out, e.descriptor ? 0 : e.data.size(), 4);
    put(out, e.name.size(), 2);
    put(out, 0, 2);
    out += e.name + stored;
    if (e.descriptor) {
      put(out, 0x08074b50, 4);
      put(out, crc, 4);
      put(out, stored.size(), 4);
      put(out, e.data.size(), 4);
    }
    put(directory, 0x02014b50, 4);
    directory.append(24, '\0');
    put(directory, e.name.size(), 2);
    directory.append(12, '\0');
    put(directory, offset, 4);
    directory += e.name;
  }
  const std::size_t directory_offset = out.size();
  out += directory;
  put(out, 0x06054b50, 4);
  put(out, 0, 4);
  put(out, entries.size(), 2);
  put(out, entries.size(), 2);
  put(out, directory.size(), 4);
  put(out, directory_offset, 4);
  put(out, 0, 2);
  return out;
}

void feed_in_pieces(ContentReader& reader, const std::string& data, std::size_t piece, ContentSink& out) {
  for (std::size_t i = 0; i < data.size(); i += piece)
    reader.write(as_bytes(std::string_view(data).substr(i, piece)), out);
  reader.finish(out);
}

}  // namespace dlp::test
