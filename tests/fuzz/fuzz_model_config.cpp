// Fuzzes the model's JSON sidecar (core/model/src/ModelConfig.cpp: ModelConfig::fromJson, toJson;
// this file does not use LibTorch) on the input as the file's text: its "config" object, as
// PoseModel::load reads it, or the whole object when it has none (a config file for --config).
//
// Promises checked:
//  - no crash or sanitizer report: a config is either rejected with FormatError naming the field
//    or read;
//  - what is read is usable: the validated ranges hold, every float is finite, the heatmap sigma
//    is positive and each grid extent has max > min as the floats the model uses;
//  - the config survives being written and read back (toJson, the file's text, fromJson).
#include "FuzzCommon.h"

#include "insolepose/Error.h"
#include "insolepose/model/ModelConfig.h"

#include <cmath>

using namespace insolepose;
using namespace insolepose::model;

namespace {

bool same(const ModelConfig& a, const ModelConfig& b)
{
    return a.name == b.name && a.window == b.window && a.label == b.label && a.inputRows == b.inputRows &&
           a.inputCols == b.inputCols && a.encoderChannels == b.encoderChannels && a.depthBins == b.depthBins &&
           a.decoderChannels == b.decoderChannels && a.leakySlope == b.leakySlope && a.xMin == b.xMin &&
           a.xMax == b.xMax && a.yMin == b.yMin && a.yMax == b.yMax && a.zMin == b.zMin && a.zMax == b.zMax &&
           a.heatmapSigma == b.heatmapSigma;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::optional<QJsonObject> json = fuzz::jsonObject(data, size);
    if (!json)
        return 0;
    ModelConfig c;
    try {
        c = ModelConfig::fromJson(json->contains("config") ? (*json)["config"].toObject() : *json);
    } catch (const Error&) {
        return 0;
    }
    fuzz::check(c.window >= 1 && c.window <= 400, "window " + std::to_string(c.window) + " accepted");
    fuzz::check(c.inputRows >= 4 && c.inputCols >= 4, "input smaller than 4 accepted");
    fuzz::check(c.depthBins >= 5 && c.depthBins <= 64, "depth_bins " + std::to_string(c.depthBins) + " accepted");
    for (int v : c.encoderChannels)
        fuzz::check(v >= 1 && v <= 2048, "encoder channel " + std::to_string(v) + " accepted");
    for (int v : c.decoderChannels)
        fuzz::check(v >= 1 && v <= 2048, "decoder channel " + std::to_string(v) + " accepted");
    bool finite = true;
    for (float v : {c.leakySlope, c.heatmapSigma, c.xMin, c.xMax, c.yMin, c.yMax, c.zMin, c.zMax})
        finite &= std::isfinite(v);
    const bool usable = finite && c.heatmapSigma > 0 && c.xMax > c.xMin && c.yMax > c.yMin && c.zMax > c.zMin;
    if (!usable && fuzz::skipKnown("model-config-floats"))
        return 0;
    fuzz::check(finite, "a non-finite value was accepted (a number beyond float's range)");
    fuzz::check(c.heatmapSigma > 0, "heatmap_sigma " + std::to_string(c.heatmapSigma) + " accepted (must be > 0)");
    fuzz::check(c.xMax > c.xMin && c.yMax > c.yMin && c.zMax > c.zMin,
                "grid_extents_m accepted with max <= min once read as floats");
    try {
        const ModelConfig back = ModelConfig::fromJson(fuzz::throughText(c.toJson()));
        fuzz::check(same(back, c), "the config changes when written and read back");
    } catch (const Error& e) {
        fuzz::broken(std::string("a config's own JSON is rejected: ") + e.what());
    }
    return 0;
}
