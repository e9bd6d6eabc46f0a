#pragma once
// Counts the complete video frames in a container file without decoding (and without OpenCV, so
// that reading a session loads no video library): Matroska/WebM (.mkv, .webm; the recorder's
// MJPEG files, also when a killed recorder cut them short), MP4/QuickTime (.mp4, .mov; the
// sample table of the first video track) and AVI (.avi; the video chunks of the movi list).
// Reports no errors: a file it cannot read or understand gives no count.
#include <cstdint>
#include <filesystem>
#include <optional>

namespace insolepose {

/// Complete frames of the first video track, or nothing when the file cannot be opened, its
/// container is not one of the above, or its structure is not understood.
std::optional<std::int64_t> countVideoFrames(const std::filesystem::path& file);

} // namespace insolepose
