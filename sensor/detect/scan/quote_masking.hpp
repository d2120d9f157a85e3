#pragma once
#include <string>
#include <string_view>

#include "common/content_context.hpp"
#include "common/tls_summary.hpp"
#include "detect/scan/scanner.hpp"

namespace dlp {

// `text` (a statement an alert quotes) with each value the scan validates
// as personal data replaced by its masked form (WHERE sfzh = '110105********0021'),
// so that an alert never carries what it reports. A value the text does not
// hold as the scan read it (full-width digits) cannot be placed: then every
// digit of the text is masked.
std::string mask_personal_data(Scanner& scanner, std::string_view text);

// The same over what a context quotes of the traffic: the HTTP request's URI
// (`?idCard=...`), the file name, the database statement.
void mask_quoted(Scanner& scanner, ContentContext& context);
// And over a TLS handshake's names: the SNI, the certificate's subject,
// issuer and names (an e-mail address in a subject).
void mask_quoted(Scanner& scanner, TlsSummary& tls);

}  // namespace dlp
