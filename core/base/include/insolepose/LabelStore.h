#pragma once
// Saving a session's labels.json safely: atomic writes (temporary file + rename), rotating backups
// in <session>/.labels-backup/ (labels.json.bak1 newest .. labels.json.bak3 oldest), conflict
// detection against writes by someone else, and an unreadable labels.json kept as a backup instead
// of being replaced. See docs/LABELS.md ("Saving and backups").
#include "insolepose/Error.h"
#include "insolepose/Labels.h"

#include <QByteArray>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace insolepose {

/// labels.json changed on disk since this store last read or wrote it.
class LabelConflict : public Error {
public:
    using Error::Error;
};

/// Reads the tracks of a labels.json object (the "tracks" array); never throws for bad contents,
/// reporting them in `warnings` (each naming the track, segment and field).
std::vector<LabelTrack> labelTracksFromJson(const QJsonObject& labelsJson, std::vector<std::string>* warnings);
/// The labels.json object for `tracks` (schema_version 1).
QJsonObject labelTracksToJson(const std::vector<LabelTrack>& tracks);

class LabelStore {
public:
    static constexpr int kBackupCount = 3;

    explicit LabelStore(std::filesystem::path sessionDir);

    const std::filesystem::path& labelsPath() const { return m_path; }
    /// <session>/.labels-backup
    std::filesystem::path backupDir() const;
    /// <session>/.labels-backup/labels.json.bak<n>, n = 1 (newest) .. kBackupCount.
    std::filesystem::path backupPath(int n) const;

    /// Reads labels.json (tracks + warnings; no file = no tracks); remembers the file's fingerprint
    /// (size, modification time, content hash). A file that is not valid JSON reads as no tracks with
    /// a warning naming it; the next save() moves it to the backup folder first.
    std::vector<LabelTrack> load(std::vector<std::string>* warnings);
    /// True when labels.json changed on disk since load() or the last save() (someone else wrote it).
    bool changedOnDisk() const;
    /// Saves atomically and rotates backups (the file as it was becomes .bak1). Throws Error/IoError
    /// naming the file; with `overwriteExternalChanges` false and changedOnDisk() true it throws
    /// LabelConflict and writes nothing. An unreadable labels.json (not JSON) is moved to
    /// <session>/.labels-backup/labels.json.unreadable-<UTC time>, never silently replaced.
    void save(const std::vector<LabelTrack>& tracks, bool overwriteExternalChanges = false);

    /// Backups are rotated on a save only when the newest backup is at least this old (default 0 =
    /// every save that changes the file). The studio, which autosaves after every edit, sets a few
    /// minutes so that the backups span more than the last three edits.
    void setMinBackupInterval(std::chrono::seconds interval) { m_minBackupInterval = interval; }
    /// What the last save() did besides writing (e.g. "kept the unreadable labels.json as ..."), for the UI.
    const std::vector<std::string>& lastSaveNotes() const { return m_notes; }

private:
    struct Fingerprint {
        bool exists = false;
        std::uintmax_t size = 0;
        std::filesystem::file_time_type mtime{};
        QByteArray hash;
        friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
    };
    Fingerprint fingerprint() const;
    void rotateBackups();
    void keepUnreadable();

    std::filesystem::path m_dir;
    std::filesystem::path m_path;
    Fingerprint m_known;
    std::chrono::seconds m_minBackupInterval{0};
    std::vector<std::string> m_notes;
};

} // namespace insolepose
