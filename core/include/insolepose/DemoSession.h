#pragma once
// A small, deterministic demo session made by simple kinematics (squats, walking in place and
// arm circles over sinusoidal pressure patterns). It stands in until the physically based
// synthetic generator exists. Errors: whatever SessionWriter reports.
#include <cstdint>
#include <filesystem>

namespace insolepose {

struct DemoOptions {
    double duration_s = 60.0;
    std::uint32_t seed = 7;
};

/// Writes the demo session into `dir` (which must not hold a session yet).
void writeDemoSession(const std::filesystem::path& dir, const DemoOptions& options = {});

} // namespace insolepose
