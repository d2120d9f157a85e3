#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace dlp {

// The text of Office Open XML parts, with tags dropped and entities
// decoded, laid out so that the detection stage sees tables as tables.

// xl/sharedStrings.xml: the workbook's strings, by index.
std::vector<std::string> read_shared_strings(std::string_view xml);
// xl/worksheets/sheetN.xml: one line per row, cells separated by tabs (in
// their columns, shared strings resolved), as a TSV export would be.
void sheet_to_tsv(std::string_view xml, const std::vector<std::string>& shared_strings, std::string& out);
// word/document.xml: one line per paragraph, table cells separated by tabs.
void document_to_text(std::string_view xml, std::string& out);

}  // namespace dlp
