#include "insolepose/model/ModelConfig.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"

#include <QJsonArray>

#include <cmath>
#include <filesystem>

namespace insolepose::model {

ModelConfig ModelConfig::paper() { return ModelConfig{}; }

ModelConfig ModelConfig::lite()
{
    ModelConfig c;
    c.name = "lite";
    c.encoderChannels = {16, 32, 64, 96};
    c.decoderChannels = {64, 48, 32};
    return c;
}

ModelConfig ModelConfig::byName(const std::string& nameOrFile)
{
    if (nameOrFile == "paper")
        return paper();
    if (nameOrFile == "lite")
        return lite();
    if (!std::filesystem::exists(nameOrFile))
        throw Error("model config '" + nameOrFile + "': not 'paper', 'lite' or an existing JSON file");
    return fromJson(readJsonObject(nameOrFile));
}

QJsonObject ModelConfig::toJson() const
{
    auto arr = [](const auto& a) {
        QJsonArray j;
        for (int v : a)
            j.append(v);
        return j;
    };
    return QJsonObject{
        {"name", QString::fromStdString(name)},
        {"window", window},
        {"label_position", label == LabelPosition::Centre ? "centre" : "last"},
        {"input", QJsonArray{inputRows, inputCols}},
        {"encoder_channels", arr(encoderChannels)},
        {"depth_bins", depthBins},
        {"decoder_channels", arr(decoderChannels)},
        {"leaky_slope", leakySlope},
        {"grid_extents_m",
         QJsonObject{{"x", QJsonArray{xMin, xMax}}, {"y", QJsonArray{yMin, yMax}}, {"z", QJsonArray{zMin, zMax}}}},
        {"heatmap_sigma", heatmapSigma}};
}

ModelConfig ModelConfig::fromJson(const QJsonObject& j)
{
    ModelConfig c = j["name"].toString() == "lite" ? lite() : paper();
    auto bad = [](const std::string& field, const std::string& why) {
        throw FormatError("model config: '" + field + "' " + why);
    };
    if (j.contains("name"))
        c.name = j["name"].toString().toStdString();
    if (j.contains("window")) {
        c.window = j["window"].toInt(-1);
        if (c.window < 1 || c.window > 400)
            bad("window", "must be 1..400");
    }
    if (j.contains("label_position")) {
        const QString p = j["label_position"].toString();
        if (p != "centre" && p != "center" && p != "last")
            bad("label_position", "must be 'centre' or 'last'");
        c.label = p == "last" ? LabelPosition::Last : LabelPosition::Centre;
    }
    if (j.contains("input")) {
        const QJsonArray a = j["input"].toArray();
        if (a.size() != 2 || a[0].toInt() < 4 || a[1].toInt() < 4)
            bad("input", "must be [rows, cols], each at least 4");
        c.inputRows = a[0].toInt();
        c.inputCols = a[1].toInt();
    }
    auto readInts = [&](const char* key, auto& out) {
        if (!j.contains(key))
            return;
        const QJsonArray a = j[key].toArray();
        if (a.size() != qsizetype(out.size()))
            bad(key, "must have " + std::to_string(out.size()) + " entries");
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = a[qsizetype(i)].toInt(-1);
            if (out[i] < 1 || out[i] > 2048)
                bad(key, "entries must be 1..2048");
        }
    };
    readInts("encoder_channels", c.encoderChannels);
    readInts("decoder_channels", c.decoderChannels);
    if (j.contains("depth_bins")) {
        c.depthBins = j["depth_bins"].toInt(-1);
        if (c.depthBins < 5 || c.depthBins > 64)
            bad("depth_bins", "must be 5..64");
    }
    // Numbers are checked after the conversion to float: 1e39 is finite as a double, inf as a float.
    if (j.contains("leaky_slope")) {
        c.leakySlope = float(j["leaky_slope"].toDouble());
        if (!std::isfinite(c.leakySlope) || std::abs(c.leakySlope) > 1.0f)
            bad("leaky_slope", "must be a number in [-1, 1]");
    }
    if (j.contains("heatmap_sigma")) {
        c.heatmapSigma = float(j["heatmap_sigma"].toDouble());
        if (!std::isfinite(c.heatmapSigma) || !(c.heatmapSigma > 0.0f) || c.heatmapSigma > 1.0f)
            bad("heatmap_sigma", "must be a number in (0, 1] (normalised grid units)");
    }
    if (j.contains("grid_extents_m")) {
        const QJsonObject g = j["grid_extents_m"].toObject();
        auto range = [&](const char* axis, float& lo, float& hi) {
            const QJsonArray a = g[axis].toArray();
            if (a.size() != 2)
                bad(std::string("grid_extents_m.") + axis, "must be [min, max] with max > min");
            lo = float(a[0].toDouble());
            hi = float(a[1].toDouble());
            if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo))
                bad(std::string("grid_extents_m.") + axis, "must be [min, max] with max > min, both finite floats");
        };
        range("x", c.xMin, c.xMax);
        range("y", c.yMin, c.yMax);
        range("z", c.zMin, c.zMax);
    }
    return c;
}

} // namespace insolepose::model
