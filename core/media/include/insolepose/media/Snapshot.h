#pragma once
// A still picture of a session at one time: a camera frame (when the session has video) beside
// the left and right pressure maps, as PNG. For documentation, reports and quick looks.
// Errors: IoError when the video or the PNG cannot be read or written.
#include "insolepose/Session.h"

#include <filesystem>

namespace insolepose {

/// Writes the picture of `session` at `t_ns` to `png`; `camera` picks the video (if any).
void writeSnapshot(const Session& session, TimeNs t_ns, const std::filesystem::path& png, std::size_t camera = 0);

} // namespace insolepose
