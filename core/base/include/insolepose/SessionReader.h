#pragma once
// Reading session folders (docs/SESSION_FORMAT.md): session.json plus .npy arrays that numpy
// reads without this code. A session left by a killed writer reopens with every flushed frame and
// says so. Errors: FormatError / IoError naming the file and the problem.
#include "insolepose/Session.h"

#include <filesystem>

namespace insolepose {

struct OpenOptions {
    /// Also fix the files on disk (row counts, partial rows, interrupted state).
    bool repairOnDisk = false;
    /// Also scan every tactile reading for values beyond the 12-bit range (a warning). This reads
    /// every page of the pressure files, so the studio's open leaves it off; `info`, `repair` and
    /// the model's data loading turn it on.
    bool checkReadings = false;
};

class SessionReader {
public:
    /// Opens the session folder `dir`. Recoverable problems (a crash-truncated file, mismatched
    /// lengths, out-of-order timestamps, NaN keypoints, unknown labels) are repaired in memory and
    /// listed in Session::warnings(); anything else throws.
    static Session open(const std::filesystem::path& dir, OpenOptions options = {});
};
inline Session openSession(const std::filesystem::path& dir, OpenOptions options = {})
{
    return SessionReader::open(dir, options);
}

/// The session folders (those holding a session.json) directly inside `dir`, sorted by name.
/// Throws IoError when `dir` is not a folder.
std::vector<std::filesystem::path> sessionFoldersIn(const std::filesystem::path& dir);

} // namespace insolepose
