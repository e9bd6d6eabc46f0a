#pragma once
// Ground-truth keypoints made elsewhere, brought into a session: XRMoCap keypoints3d archives
// (docs/REFERENCE.md section 6) and plain CSV (docs/IMPORT.md). Both map to our 19 keypoints;
// missing keypoints become NaN (shown as missing). Errors: FormatError naming the file, the field
// and what was wrong (keypoint count, convention, shapes, person, values); IoError.
#include "insolepose/Skeleton.h"
#include "insolepose/Time.h"

#include <filesystem>
#include <string>
#include <vector>

namespace insolepose::interchange {

/// Timing of a keypoint file that stores none: frame i is at start + i / rate.
struct FrameClock {
    double rate_hz = 30.0;
    double start_s = 0.0;
    TimeNs timeOf(std::size_t frame) const;
};

struct GroundTruth {
    std::vector<TimeNs> times_ns;
    std::vector<Pose> poses;
    std::size_t missingKeypoints = 0; ///< Keypoints set to NaN (masked, zero confidence or NaN).
    std::size_t personCount = 1;
    std::string convention;
};

/// Reads an XRMoCap keypoints3d .npz (keys keypoints, mask, convention) and picks `person`.
/// The convention must be coco_wholebody (133 keypoints).
GroundTruth readXrMocapKeypoints(const std::filesystem::path& npz, const FrameClock& clock, int person = 0);

/// Reads a CSV with a header: optional first column time_s, then x, y, z of our 19 keypoints in
/// order (57 columns); an empty or "nan" cell marks a missing keypoint. Without time_s the clock
/// gives the times.
GroundTruth readKeypointsCsv(const std::filesystem::path& csv, const FrameClock& clock);

/// Adds `gt` as the ground truth of the session at `dir`, creating the session when `dir` does
/// not exist or is empty. Replaces existing ground truth only when `replace` is set. Everything
/// is written into a temporary folder first and renamed into place at the end, so a failure
/// leaves the session as it was.
void addGroundTruth(const std::filesystem::path& dir, const GroundTruth& gt, bool replace = false);

} // namespace insolepose::interchange
