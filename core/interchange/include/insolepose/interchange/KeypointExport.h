#pragma once
// Keypoints out of a session (docs/IMPORT.md, "Exporting keypoints"): an XRMoCap keypoints3d
// archive (our 19 keypoints in their coco_wholebody slots) or a CSV, both of which the importers
// read back. Errors: IoError naming the file; FormatError when the stream is empty.
#include "insolepose/Session.h"

#include <filesystem>

namespace insolepose::interchange {

struct KeypointExportReport {
    std::size_t frames = 0;
    std::size_t missingKeypoints = 0; ///< NaN keypoints, written as masked.
    double rate_hz = 0; ///< From the median frame interval: what `import xrmocap --rate` needs.
    double start_s = 0; ///< Session time of the first frame: `import xrmocap --start-s`.
};

/// Writes numpy.savez's layout of XRMoCap's keypoints3d: keypoints (frames, 1, 133, 4) float32
/// (x, y, z in metres, score 1), mask (frames, 1, 133) uint8 and convention 'coco_wholebody'. The
/// slots we do not have and our missing keypoints hold zeros with score and mask 0.
KeypointExportReport exportXrMocapKeypoints(const KeypointStream& keypoints, const std::filesystem::path& npz);

/// Writes a CSV: a header, then time_s (session clock) and x, y, z of the 19 keypoints per frame;
/// a missing keypoint's cells are empty.
KeypointExportReport exportKeypointsCsv(const KeypointStream& keypoints, const std::filesystem::path& csv);

} // namespace insolepose::interchange
