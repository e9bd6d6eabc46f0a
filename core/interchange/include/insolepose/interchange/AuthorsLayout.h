#pragma once
// The folder layout the paper's authors' training code reads (docs/REFERENCE.md section 5):
// tactile_left.npy, tactile_right.npy (T, H, W) and keypoints.npy (T, 19, 3), row i of each the
// same instant, the folder named by a 2-character person id and the action. Import makes a
// session (timestamps from a given rate); export resamples a session to its left tactile clock.
// Errors: FormatError naming the file and what is wrong (shape, length, values); IoError.
#include "insolepose/Session.h"
#include "insolepose/Tactile.h"

#include <filesystem>
#include <string>

namespace insolepose::interchange {

/// Where a raw 32 x 32 readout frame's insole sits (docs/DEVICES.md, mapping): the first row and
/// column and a left-right mirror. The grid cut out is the model grid (30 x 22).
struct RawCrop {
    int firstRow = 1;
    int firstCol = 5;
    bool flip = true;
};

struct AuthorsImportOptions {
    double rate_hz = 14.0; ///< Rows are start + i / rate seconds.
    double start_s = 0.0;
    RawCrop crop; ///< Used for 32 x 32 frames only.
};

struct AuthorsImportReport {
    std::size_t frames = 0;
    GridSize frameGrid; ///< As found in the files.
    std::string conversion; ///< What was done to the frames ("as is", "cropped ...", "scaled ...").
    std::string subject, action; ///< From the folder name.
};

/// Makes a new session at `out` from the authors' folder `folder` (nothing is written on error).
AuthorsImportReport importAuthorsFolder(const std::filesystem::path& folder, const std::filesystem::path& out,
                                        const AuthorsImportOptions& options);

struct AuthorsExportReport {
    std::size_t frames = 0;
    double rate_hz = 0; ///< Mean rate of the exported rows.
};

/// Writes `session` as an authors' folder at `out` (which must not exist or be empty): one row per
/// left tactile frame that the right foot and the ground truth cover; the right frame nearest in
/// time, the keypoints interpolated linearly. Raw readings are written as uint16 30 x 22.
AuthorsExportReport exportAuthorsFolder(const Session& session, const std::filesystem::path& out);

} // namespace insolepose::interchange
