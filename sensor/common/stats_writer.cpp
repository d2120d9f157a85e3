#include "common/stats_writer.hpp"

namespace dlp {

void JsonStatsWriter::begin_list(std::string_view name, std::string_view label) {
  w_.key(name).begin_array();
  labels_.emplace_back(label);
}

void JsonStatsWriter::begin_item(std::string_view label_value) { w_.begin_object().field(labels_.back(), label_value); }

void JsonStatsWriter::end_list() {
  w_.end_array();
  labels_.pop_back();
}

}  // namespace dlp
