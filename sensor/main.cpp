#include "options.hpp"
#include "pipeline.hpp"

int main(int argc, char** argv) {
  auto parsed = dlp::parse_options(argc, argv);
  if (!parsed.config) return parsed.exit_code;
  switch (parsed.config->mode) {
    case dlp::SensorConfig::Mode::check_signatures: return dlp::check_signatures(*parsed.config);
    case dlp::SensorConfig::Mode::list_signatures: return dlp::list_signatures(*parsed.config);
    case dlp::SensorConfig::Mode::run: break;
  }
  return dlp::run_sensor(*parsed.config);
}
