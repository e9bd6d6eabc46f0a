#include "insolepose/Json.h"
#include "insolepose/Error.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace insolepose {

void writeJsonAtomically(const std::filesystem::path& path, const QJsonObject& json)
{
    QSaveFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::WriteOnly))
        throw IoError(path.string() + ": cannot write: " + file.errorString().toStdString());
    file.write(QJsonDocument(json).toJson(QJsonDocument::Indented));
    if (!file.commit())
        throw IoError(path.string() + ": cannot write: " + file.errorString().toStdString());
}

QJsonObject readJsonObject(const std::filesystem::path& path)
{
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(path.string() + ": cannot open: " + file.errorString().toStdString());
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &err);
    if (err.error != QJsonParseError::NoError)
        throw FormatError(path.filename().string() + ": invalid JSON at offset " + std::to_string(err.offset) + ": " +
                          err.errorString().toStdString());
    if (!doc.isObject())
        throw FormatError(path.filename().string() + ": expected a JSON object at the top level");
    return doc.object();
}

} // namespace insolepose
