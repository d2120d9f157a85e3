#pragma once
#include <string>
#include <string_view>

#include "detect/scan/scanner.hpp"

namespace dlp {

// `text` (a statement an alert quotes) with each value the scan validates
// as personal data replaced by its masked form (WHERE sfzh = '110105********0021'),
// so that an alert never carries what it reports. A value the scan read in
// another form than the text holds (full-width digits) cannot be placed:
// then every digit of the text is masked.
std::string mask_personal_data(Scanner& scanner, std::string_view text);

}  // namespace dlp
