#include "SessionRepair.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"

#include <QDateTime>

namespace insolepose::detail {
namespace fs = std::filesystem;

std::string relativeName(const fs::path& dir, const fs::path& file)
{
    return file.lexically_relative(dir).generic_string();
}

FilePlan planOf(const NpyArray& a)
{
    FilePlan p;
    p.path = a.path();
    p.headerRows = a.headerRows();
    p.presentRows = a.rows();
    p.rows = a.rows();
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(a.path(), ec);
    const std::size_t used = a.header().dataOffset + a.rows() * a.rowBytes();
    p.partialBytes = !ec && size > used ? std::size_t(size - used) : 0;
    return p;
}

namespace {

bool needsRepair(const FilePlan& p) { return p.headerRows != p.rows || p.presentRows != p.rows || p.partialBytes > 0; }

/// "tactile_left.npy: header said 480 rows; 470 complete rows kept ...": what repair does to a file.
std::string describeRepair(const fs::path& dir, const FilePlan& p)
{
    std::string s = relativeName(dir, p.path) + ": ";
    if (p.presentRows > p.rows)
        s += "cut " + std::to_string(p.presentRows - p.rows) + " of " + std::to_string(p.presentRows) + " rows (" +
             p.cutReason + ")";
    else if (p.headerRows != p.rows)
        s += "header said " + std::to_string(p.headerRows) + " rows, the file holds " + std::to_string(p.rows) +
             " complete rows; header set to " + std::to_string(p.rows);
    if (p.partialBytes > 0)
        s += std::string(p.presentRows > p.rows || p.headerRows != p.rows ? "; " : "") +
             "removed a partial last row of " + std::to_string(p.partialBytes) + " bytes";
    return s + "; now " + std::to_string(p.rows) + " rows";
}

/// A new folder for the originals of the files a repair changes.
fs::path makeBackupFolder(const fs::path& dir)
{
    const std::string stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toStdString();
    fs::path backup = dir / ("repair-backup-" + stamp);
    for (int n = 2; fs::exists(backup); ++n)
        backup = dir / ("repair-backup-" + stamp + "-" + std::to_string(n));
    std::error_code ec;
    fs::create_directories(backup, ec);
    if (ec)
        throw IoError(backup.string() + ": cannot create the repair backup folder: " + ec.message() +
                      "; nothing was changed");
    return backup;
}

void backUp(const fs::path& dir, const fs::path& backup, const fs::path& file)
{
    const fs::path target = backup / file.lexically_relative(dir);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (!ec)
        fs::copy_file(file, target, fs::copy_options::overwrite_existing, ec);
    if (ec)
        throw IoError(file.string() + ": cannot copy to the repair backup " + target.string() + ": " + ec.message() +
                      "; nothing more was changed");
}

} // namespace

RepairOutcome applyRepairs(const fs::path& dir, const std::vector<FilePlan>& plans, const QJsonObject* interruptedJson,
                           const fs::path& jsonPath)
{
    RepairOutcome out;
    std::vector<const FilePlan*> todo;
    for (const auto& p : plans)
        if (needsRepair(p))
            todo.push_back(&p);
    if (todo.empty() && !interruptedJson)
        return out;
    // Originals first: nothing is changed until every file to change has a copy.
    out.backup = makeBackupFolder(dir);
    for (const FilePlan* p : todo)
        backUp(dir, out.backup, p->path);
    if (interruptedJson)
        backUp(dir, out.backup, jsonPath);
    // Streams map the files read-only; rewriting a header and truncating rows the session does
    // not use keeps every mapped row it does use valid.
    for (const FilePlan* p : todo) {
        setNpyRowCount(p->path, p->rows);
        out.repairs.push_back(describeRepair(dir, *p));
    }
    if (interruptedJson) {
        QJsonObject fixed = *interruptedJson;
        fixed["state"] = "closed";
        writeJsonAtomically(jsonPath, fixed);
        out.repairs.push_back("session.json: state 'recording' (the recorder was stopped) set to 'closed'");
    }
    return out;
}

} // namespace insolepose::detail
