#pragma once
// Writing a new folder in one step: fill a temporary sibling folder, then rename it into place, so
// an import that fails halfway leaves nothing half-written. Errors: IoError naming the folder.
#include <filesystem>
#include <functional>
#include <vector>

namespace insolepose::interchange {

/// Calls `fill` with an empty temporary folder next to `dir` and renames it to `dir` when `fill`
/// returns. `dir` must not exist or be empty. The temporary folder is removed when `fill` throws.
void writeFolderAtomically(const std::filesystem::path& dir,
                           const std::function<void(const std::filesystem::path&)>& fill);

/// Moves `files` (names relative to `staged`) from the folder `staged` into `dir`, replacing
/// files of the same name, then removes `staged`.
void moveStagedFiles(const std::filesystem::path& staged, const std::filesystem::path& dir,
                     const std::vector<std::filesystem::path>& files);

/// True when `dir` holds a session (a session.json).
bool isSession(const std::filesystem::path& dir);

} // namespace insolepose::interchange
