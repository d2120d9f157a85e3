#pragma once
#include <string>

namespace dlp {

// The TLS key log lines a pcapng file carries in its Decryption Secrets
// Blocks (pcapng, IETF draft-ietf-opsawg-pcapng §4.7: secrets type
// 0x544c534b, what `editcap --inject-secrets tls,FILE` writes), joined; empty
// for another format, a file without them, or what is not a regular file (a
// pipe, which only the capture may read). Reading stops at a block
// whose length makes no sense, keeping what came before it.
std::string pcapng_tls_secrets(const std::string& path);

}  // namespace dlp
