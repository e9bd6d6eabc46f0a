#pragma once
// Counts the complete video frames in a container file without decoding (and without OpenCV, so
// that reading a session loads no video library): Matroska/WebM (.mkv, .webm; the recorder's
// MJPEG files, also when a killed recorder cut them short), MP4/QuickTime (.mp4, .mov; the
// sample table of the first video track, through its edit list when it has one) and AVI (.avi;
// the video chunks of the movi list). Reports no errors: a file it cannot read or understand
// gives no count.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace insolepose {

/// Complete frames of the first video track, or nothing when the file cannot be opened, its
/// container is not one of the above, or its structure is not understood. For MP4 with an edit
/// list: the frames it presents (mp4FrameTiming), which is what FFmpeg decodes and what
/// attach-video lists; samples it trims are not frames.
std::optional<std::int64_t> countVideoFrames(const std::filesystem::path& file);

/// The frames of an MP4/QuickTime file's first video track as FFmpeg presents them
/// (docs/IMPORT.md, "MP4 edit lists").
struct Mp4FrameTiming {
    /// Presentation times in seconds, in presentation order. With an applied edit list only the
    /// samples it presents, the first after the delay of a leading empty edit; without one every
    /// sample, the first at 0.
    std::vector<double> times;
    std::size_t samples = 0; ///< Samples in the track.
    bool editsApplied = false; ///< An edit list chose the frames and their times.
    std::string note; ///< What was done with the edit list (ignored and why, rates); empty without one.
};

/// Reads the sample table and edit list of the file's first video track; nothing when the file
/// is not MP4/QuickTime or its tables are not understood.
std::optional<Mp4FrameTiming> mp4FrameTiming(const std::filesystem::path& file);

} // namespace insolepose
