#pragma once
// Attaching a video recorded by another program to a session: per-frame timestamps read from the
// container (MP4/QuickTime sample tables, Matroska block timestamps, so variable frame rates are
// kept; other containers use their nominal rate, and the report says so), an offset onto the session clock, and a check
// that every frame decodes: a video damaged part-way is attached up to the damage, and the report says where. Errors:
// IoError / FormatError naming the file (not a video, no frame decodes, a camera of that name exists); nothing is
// written then.
#include "insolepose/Time.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace insolepose::interchange {

/// Presentation times of the first video track's frames in an MP4/QuickTime file, in seconds, in
/// presentation order; nothing when the file is not MP4 or not understood. With an edit list (elst),
/// only the samples it presents, at the times FFmpeg gives them (docs/IMPORT.md): the first after the
/// delay of a leading empty edit. Without one, every sample, from the first at 0. The times of
/// `mp4FrameTiming` (insolepose/VideoFrameCount.h), which also gives the frame count sessions use.
std::optional<std::vector<double>> mp4FrameTimes(const std::filesystem::path& video);
/// The same for Matroska/WebM: the video track's block timestamps (cluster time plus the block's
/// offset, times the timestamp scale), sorted.
std::optional<std::vector<double>> matroskaFrameTimes(const std::filesystem::path& video);

/// Checks an XRMoCap camera parameter file (docs/REFERENCE.md section 6): `intrinsic` 3x3 or 4x4,
/// `extrinsic_r` 3x3 and `extrinsic_t` 3 numbers. Throws FormatError naming the file and field.
void checkCameraParameters(const std::filesystem::path& json);

struct AttachOptions {
    double offset_s = 0; ///< Session-clock time of the video's start (its first frame unless an edit list delays it).
    std::string camera; ///< Camera name; default: the file's stem.
    /// XRMoCap camera parameter JSON to store as cameras/<camera>.json (optional; checked first).
    std::filesystem::path parameters;
};

struct AttachReport {
    std::string camera;
    std::size_t frames = 0; ///< Frames attached (decodable).
    std::size_t containerFrames = 0; ///< Frames the container holds.
    std::string timing; ///< Where the timestamps came from.
    bool variableRate = false;
    std::optional<std::size_t> damagedAtFrame; ///< First frame that did not decode.
    std::optional<double> damagedAt_s; ///< Its time in the video.
};

/// Copies `video` into the session at `dir` as cameras/<camera>.<ext> with its timestamps file
/// (and the camera parameters, when given) and stores the offset as sync_offsets_ns.camera_<camera>.
AttachReport attachVideo(const std::filesystem::path& dir, const std::filesystem::path& video,
                         const AttachOptions& options);

} // namespace insolepose::interchange
