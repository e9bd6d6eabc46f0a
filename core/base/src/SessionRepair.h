#pragma once
// Session repair on disk (private to the base library): what each .npy file needs, and applying
// it with a backup of every file first. Used by SessionReader::open with OpenOptions::repairOnDisk.
// Errors: IoError naming the file or folder; nothing is changed before every original is copied.
#include "insolepose/Npy.h"

#include <QJsonObject>

#include <filesystem>
#include <string>
#include <vector>

namespace insolepose::detail {

/// A file's name relative to the session folder ("cameras/cam0_timestamps.npy").
std::string relativeName(const std::filesystem::path& dir, const std::filesystem::path& file);

/// One .npy file's state on disk and the row count the session uses for it.
struct FilePlan {
    std::filesystem::path path;
    std::size_t headerRows = 0; ///< What its header claims.
    std::size_t presentRows = 0; ///< Complete rows in the file.
    std::size_t partialBytes = 0; ///< Bytes of an incomplete last row.
    std::size_t rows = 0; ///< Rows the session uses (and repair keeps).
    std::string cutReason; ///< Why rows beyond `rows` are cut, when presentRows > rows.
};

FilePlan planOf(const NpyArray& a);

struct RepairOutcome {
    std::filesystem::path backup; ///< Empty when nothing was changed.
    std::vector<std::string> repairs; ///< One line per change.
};

/// Copies every file that needs a change (and session.json when `interruptedJson` is given) into
/// a new repair-backup-<UTC>/ folder, then fixes row counts and partial rows and marks an
/// interrupted session closed.
RepairOutcome applyRepairs(const std::filesystem::path& dir, const std::vector<FilePlan>& plans,
                           const QJsonObject* interruptedJson, const std::filesystem::path& jsonPath);

} // namespace insolepose::detail
