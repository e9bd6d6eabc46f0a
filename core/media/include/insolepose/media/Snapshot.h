#pragma once
// A still picture of a session at one time: a camera frame (when the session has video) beside
// the left and right pressure maps, as PNG. For documentation, reports and quick looks.
// Errors: IoError naming the file when the video cannot be read or the picture cannot be written
// (a folder, a missing folder, an extension with no image writer such as .txt); never an OpenCV
// exception.
#include "insolepose/Session.h"

#include <filesystem>

namespace insolepose {

/// Writes the picture of `session` at `t_ns` to `png`; `camera` picks the video (if any).
void writeSnapshot(const Session& session, TimeNs t_ns, const std::filesystem::path& png, std::size_t camera = 0);

} // namespace insolepose
