#include "app/dns/dns_names.hpp"

#include "app/dns/dns_answer.hpp"

namespace dlp {

void DnsNames::learn(const IpAddress& client, ByteSpan message) {
  DnsAnswer answer;
  if (!parse_dns_answer(message, answer)) {
    ++stats_.malformed;
    return;
  }
  ++stats_.answers;
  for (const IpAddress& address : answer.addresses)
    if (names_.insert_or_assign(Key{client, address}, answer.name).second) order_.push_back({client, address});
  while (names_.size() > max_) {
    names_.erase(order_.front());
    order_.pop_front();
    ++stats_.evictions;
  }
  stats_.names = names_.size();
}

const std::string& DnsNames::name_of(const IpAddress& client, const IpAddress& address) const {
  const auto it = names_.find({client, address});
  return it == names_.end() ? none_ : it->second;
}

}  // namespace dlp
