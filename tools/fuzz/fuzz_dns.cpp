// libFuzzer harness for DNS answers (names, compression pointers, records):
// the input is one UDP payload from port 53, learnt into a small table.
// Build: cmake -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang;
// run: build/fuzz-dns -max_len=1500 corpus/
#include "app/dns/dns_names.hpp"
#include "common/ip_address.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dlp::DnsStats stats;
  dlp::DnsNames names(8, stats);
  const auto client = *dlp::IpAddress::parse("10.1.1.20");
  names.learn(client, {data, size});
  names.learn(client, {data, size});  // the same answer again
  return 0;
}
