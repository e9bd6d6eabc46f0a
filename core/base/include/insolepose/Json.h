#pragma once
// JSON files: atomic writes and object reads with errors that name the file.
#include <QJsonObject>

#include <filesystem>

namespace insolepose {

/// Writes `json` to `path` atomically (temporary file, then rename). Throws IoError.
void writeJsonAtomically(const std::filesystem::path& path, const QJsonObject& json);
/// Reads a JSON object. Throws IoError / FormatError naming the file.
QJsonObject readJsonObject(const std::filesystem::path& path);

} // namespace insolepose
