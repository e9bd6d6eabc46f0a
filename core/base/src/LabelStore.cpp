#include "insolepose/LabelStore.h"

#include "insolepose/Json.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>

namespace fs = std::filesystem;

namespace insolepose {

std::vector<LabelTrack> labelTracksFromJson(const QJsonObject& labelsJson, std::vector<std::string>* warnings)
{
    auto warn = [&](std::string w) {
        if (warnings)
            warnings->push_back(std::move(w));
    };
    if (labelsJson.contains("tracks") && !labelsJson["tracks"].isArray())
        warn("labels.json: field 'tracks' is not an array; no labels read");
    std::vector<LabelTrack> out;
    const QJsonArray tracks = labelsJson["tracks"].toArray();
    for (qsizetype i = 0; i < tracks.size(); ++i) {
        if (!tracks[i].isObject()) {
            warn("labels.json: track " + std::to_string(i) + " is not an object; skipped");
            continue;
        }
        out.push_back(LabelTrack::fromJson(tracks[i].toObject(), warnings));
    }
    return out;
}

QJsonObject labelTracksToJson(const std::vector<LabelTrack>& tracks)
{
    QJsonArray arr;
    for (const auto& t : tracks)
        arr.append(t.toJson());
    return QJsonObject{{"schema_version", 1}, {"tracks", arr}};
}

LabelStore::LabelStore(fs::path sessionDir)
    : m_dir(std::move(sessionDir)), m_path(m_dir / "labels.json"), m_known(fingerprint())
{}

fs::path LabelStore::backupDir() const { return m_dir / ".labels-backup"; }

fs::path LabelStore::backupPath(int n) const { return backupDir() / ("labels.json.bak" + std::to_string(n)); }

LabelStore::Fingerprint LabelStore::fingerprint() const
{
    Fingerprint f;
    std::error_code ec;
    if (!fs::exists(m_path, ec))
        return f;
    f.exists = true;
    f.size = fs::file_size(m_path, ec);
    f.mtime = fs::last_write_time(m_path, ec);
    QFile file(QString::fromStdString(m_path.string()));
    if (file.open(QIODevice::ReadOnly))
        f.hash = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
    return f;
}

std::vector<LabelTrack> LabelStore::load(std::vector<std::string>* warnings)
{
    m_known = fingerprint();
    if (!m_known.exists)
        return {};
    try {
        return labelTracksFromJson(readJsonObject(m_path), warnings);
    } catch (const FormatError& e) {
        if (warnings)
            warnings->push_back(std::string(e.what()) + "; no labels read (the next save keeps the file as a backup)");
        return {};
    }
}

bool LabelStore::changedOnDisk() const { return !(fingerprint() == m_known); }

void LabelStore::save(const std::vector<LabelTrack>& tracks, bool overwriteExternalChanges)
{
    m_notes.clear();
    if (!overwriteExternalChanges && changedOnDisk())
        throw LabelConflict(m_path.string() + " was changed on disk by someone else since it was read; reload it "
                                              "or save again overwriting those changes");
    if (fs::exists(m_path)) {
        bool readable = true;
        try {
            readJsonObject(m_path);
        } catch (const FormatError&) {
            readable = false;
        }
        readable ? rotateBackups() : keepUnreadable();
    }
    writeJsonAtomically(m_path, labelTracksToJson(tracks));
    m_known = fingerprint();
}

namespace {

QByteArray fileBytes(const fs::path& p)
{
    QFile f(QString::fromStdString(p.string()));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void ensureDir(const fs::path& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw IoError(dir.string() + ": cannot create the label backup folder: " + ec.message());
}

} // namespace

void LabelStore::rotateBackups()
{
    const fs::path newest = backupPath(1);
    std::error_code ec;
    if (fs::exists(newest, ec)) {
        const auto age = fs::file_time_type::clock::now() - fs::last_write_time(newest, ec);
        if (age < m_minBackupInterval || fileBytes(newest) == fileBytes(m_path))
            return;
    }
    ensureDir(backupDir());
    fs::remove(backupPath(kBackupCount), ec);
    for (int n = kBackupCount - 1; n >= 1; --n)
        if (fs::exists(backupPath(n)))
            fs::rename(backupPath(n), backupPath(n + 1), ec);
    fs::copy_file(m_path, newest, fs::copy_options::overwrite_existing, ec);
    if (ec)
        throw IoError(newest.string() + ": cannot back up labels.json: " + ec.message() + "; nothing saved");
    fs::last_write_time(newest, fs::file_time_type::clock::now(), ec);
}

void LabelStore::keepUnreadable()
{
    ensureDir(backupDir());
    const std::string stamp = QDateTime::currentDateTimeUtc().toString("yyyyMMdd'T'HHmmsszzz'Z'").toStdString();
    const fs::path kept = backupDir() / ("labels.json.unreadable-" + stamp);
    std::error_code ec;
    fs::rename(m_path, kept, ec);
    if (ec)
        throw IoError(m_path.string() + " is not valid JSON and could not be moved to " + kept.string() + ": " +
                      ec.message() + "; nothing saved");
    m_notes.push_back("labels.json was not valid JSON; kept it as " + kept.string());
}

} // namespace insolepose
