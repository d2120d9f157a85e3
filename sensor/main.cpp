#include "options.hpp"
#include "pipeline.hpp"

int main(int argc, char** argv) {
  auto parsed = dlp::parse_options(argc, argv);
  if (!parsed.config) return parsed.exit_code;
  return dlp::run_sensor(*parsed.config);
}
