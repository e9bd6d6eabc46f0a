#include "insolepose/interchange/Staging.h"

#include "insolepose/Error.h"

#include <unistd.h>

namespace insolepose::interchange {

namespace fs = std::filesystem;

void writeFolderAtomically(const fs::path& dir, const std::function<void(const fs::path&)>& fill)
{
    std::error_code ec;
    if (fs::exists(dir) && !fs::is_empty(dir, ec))
        throw IoError(dir.string() + ": exists and is not empty; choose a new folder");
    const fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
    fs::create_directories(parent, ec);
    const fs::path tmp = parent / ("." + dir.filename().string() + ".importing-" + std::to_string(::getpid()));
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    if (ec)
        throw IoError(tmp.string() + ": cannot create: " + ec.message());
    try {
        fill(tmp);
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
    if (fs::exists(dir))
        fs::remove(dir, ec); // empty, checked above
    fs::rename(tmp, dir, ec);
    if (ec) {
        fs::remove_all(tmp, ec);
        throw IoError(dir.string() + ": cannot move the finished folder into place: " + ec.message());
    }
}

void moveStagedFiles(const fs::path& staged, const fs::path& dir, const std::vector<fs::path>& files)
{
    std::error_code ec;
    for (const fs::path& f : files) {
        fs::create_directories((dir / f).parent_path(), ec);
        fs::rename(staged / f, dir / f, ec);
        if (ec)
            throw IoError((dir / f).string() + ": cannot move into place: " + ec.message());
    }
    fs::remove_all(staged, ec);
}

bool isSession(const fs::path& dir) { return fs::exists(dir / "session.json"); }

} // namespace insolepose::interchange
