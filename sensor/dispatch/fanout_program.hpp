#pragma once
#include <linux/filter.h>

#include <vector>

#include "flow/network_roles.hpp"

namespace dlp {

// Where the program finds the packet's fields.
enum class PacketView {
  kernel,    // an AF_PACKET fanout hook: the protocol from the socket buffer, addresses at its network header
  ethernet,  // an untagged Ethernet frame, as libpcap's bpf_filter() runs it (to test the program)
};

// A classic BPF program for PACKET_FANOUT_CBPF that returns host_hash() of
// an IPv4 or IPv6 packet (0 for anything else); the kernel gives the packet
// to socket number "result modulo sockets". The server and home networks'
// blocks are compiled in as mask-and-compare tests.
std::vector<sock_filter> fanout_program(const NetworkRoles& roles, PacketView view);

}  // namespace dlp
