#include "insolepose/interchange/KeypointExport.h"

#include "insolepose/Error.h"
#include "insolepose/Npz.h"

#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace insolepose::interchange {

namespace {

constexpr std::size_t kCocoWholebodyCount = 133; // docs/REFERENCE.md section 6

/// Frames, missing keypoints, and the rate and start an importer needs.
KeypointExportReport describe(const KeypointStream& kp, const std::string& file)
{
    if (kp.size() == 0)
        throw FormatError(file + ": the session has no keypoints to export");
    KeypointExportReport r;
    r.frames = kp.size();
    r.start_s = nsToSeconds(kp.timeAt(0));
    std::vector<TimeNs> steps;
    for (std::size_t i = 1; i < kp.size(); ++i)
        steps.push_back(kp.timeAt(i) - kp.timeAt(i - 1));
    if (!steps.empty()) {
        std::nth_element(steps.begin(), steps.begin() + long(steps.size() / 2), steps.end());
        r.rate_hz = steps[steps.size() / 2] > 0 ? 1.0 / nsToSeconds(steps[steps.size() / 2]) : 0.0;
    }
    return r;
}

template <typename T> void append(std::vector<std::byte>& out, const T& v)
{
    const auto* p = reinterpret_cast<const std::byte*>(&v);
    out.insert(out.end(), p, p + sizeof(T));
}

} // namespace

KeypointExportReport exportXrMocapKeypoints(const KeypointStream& kp, const std::filesystem::path& npz)
{
    KeypointExportReport r = describe(kp, npz.string());
    std::vector<float> values(r.frames * kCocoWholebodyCount * 4, 0.0f);
    std::vector<std::uint8_t> mask(r.frames * kCocoWholebodyCount, 0);
    for (std::size_t f = 0; f < r.frames; ++f) {
        const Pose pose = kp.pose(f);
        for (std::size_t k = 0; k < kKeypointCount; ++k) {
            const std::size_t slot = f * kCocoWholebodyCount + std::size_t(cocoWholebodyIndex(Keypoint(k)));
            if (!pose[k].allFinite()) {
                ++r.missingKeypoints;
                continue;
            }
            for (int c = 0; c < 3; ++c)
                values[slot * 4 + std::size_t(c)] = pose[k][c];
            values[slot * 4 + 3] = 1.0f;
            mask[slot] = 1;
        }
    }
    NpzEntry keypoints{"keypoints", DType::F32, {r.frames, 1, kCocoWholebodyCount, 4}, {}, {}, 0};
    keypoints.data.resize(values.size() * sizeof(float));
    std::memcpy(keypoints.data.data(), values.data(), keypoints.data.size());
    NpzEntry maskEntry{"mask", DType::U8, {r.frames, 1, kCocoWholebodyCount}, {}, {}, 0};
    maskEntry.data.resize(mask.size());
    std::memcpy(maskEntry.data.data(), mask.data(), mask.size());
    writeNpz(npz, {keypoints, maskEntry, textEntry("convention", "coco_wholebody")});
    return r;
}

KeypointExportReport exportKeypointsCsv(const KeypointStream& kp, const std::filesystem::path& csv)
{
    KeypointExportReport r = describe(kp, csv.string());
    QSaveFile file(QString::fromStdString(csv.string()));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        throw IoError(csv.string() + ": cannot write: " + file.errorString().toStdString());
    std::string text = "time_s";
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        for (const char* axis : {"_x", "_y", "_z"})
            text += "," + std::string(keypointName(k)) + axis;
    text += '\n';
    char cell[64];
    for (std::size_t f = 0; f < r.frames; ++f) {
        // Nine decimals keep nanoseconds; %.9g gives back every float exactly.
        std::snprintf(cell, sizeof cell, "%.9f", nsToSeconds(kp.timeAt(f)));
        text += cell;
        const Pose pose = kp.pose(f);
        for (std::size_t k = 0; k < kKeypointCount; ++k) {
            const bool missing = !pose[k].allFinite();
            r.missingKeypoints += missing;
            for (int c = 0; c < 3; ++c) {
                text += ',';
                if (!missing) {
                    std::snprintf(cell, sizeof cell, "%.9g", double(pose[k][c]));
                    text += cell;
                }
            }
        }
        text += '\n';
    }
    file.write(text.data(), qint64(text.size()));
    if (!file.commit())
        throw IoError(csv.string() + ": cannot write: " + file.errorString().toStdString());
    return r;
}

} // namespace insolepose::interchange
