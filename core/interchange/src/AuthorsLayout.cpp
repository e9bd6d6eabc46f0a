#include "insolepose/interchange/AuthorsLayout.h"

#include "insolepose/Error.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/interchange/GroundTruthImport.h"
#include "insolepose/interchange/Staging.h"

#include <cmath>
#include <cstring>
#include <map>

namespace insolepose::interchange {

namespace fs = std::filesystem;

namespace {

template <typename T> void appendValues(std::vector<double>& out, const NpyArray& a)
{
    for (T v : a.values<T>())
        out.push_back(double(v));
}

/// Every value of a .npy file (any numeric dtype) as doubles, refusing files cut short.
std::vector<double> readValues(const fs::path& path, NpyArray& array)
{
    if (!fs::exists(path))
        throw IoError(path.string() + ": missing (the authors' layout needs tactile_left.npy, tactile_right.npy and "
                                      "keypoints.npy)");
    std::string warning;
    array = NpyArray::open(path, &warning);
    if (!warning.empty())
        throw FormatError(path.string() + ": " + warning);
    std::vector<double> out;
    switch (array.dtype()) {
    case DType::U8: appendValues<std::uint8_t>(out, array); break;
    case DType::U16: appendValues<std::uint16_t>(out, array); break;
    case DType::U32: appendValues<std::uint32_t>(out, array); break;
    case DType::I64: appendValues<std::int64_t>(out, array); break;
    case DType::F32: appendValues<float>(out, array); break;
    case DType::F64: appendValues<double>(out, array); break;
    }
    return out;
}

struct FootFrames {
    std::vector<std::vector<std::uint16_t>> frames;
    GridSize grid;
    std::string conversion;
};

/// The model-grid frame `i` of `values` laid out as (T, h, w).
std::vector<std::uint16_t> toModelFrame(const double* v, GridSize source, const RawCrop& crop, double scale)
{
    auto reading = [&](int r, int c) { return std::uint16_t(std::lround(v[r * source.cols + c] * scale)); };
    std::vector<std::uint16_t> out(std::size_t(kModelGrid.cellCount()), 0);
    for (int r = 0; r < kModelGrid.rows; ++r) {
        for (int c = 0; c < kModelGrid.cols; ++c) {
            std::uint16_t value = 0;
            if (source.rows == 32) {
                const int col = crop.flip ? crop.firstCol + kModelGrid.cols - 1 - c : crop.firstCol + c;
                value = reading(crop.firstRow + r, col);
            } else if (r < source.rows && c < source.cols) {
                value = reading(r, c);
            }
            out[std::size_t(r * kModelGrid.cols + c)] = value;
        }
    }
    return out;
}

FootFrames readFoot(const fs::path& path, const RawCrop& crop)
{
    NpyArray a;
    const std::vector<double> v = readValues(path, a);
    const auto shape = a.rowShape();
    const std::string file = path.string();
    if (shape.size() != 2)
        throw FormatError(file + ": expected (T, H, W) frames, found " + std::to_string(shape.size() + 1) +
                          " dimensions");
    FootFrames f;
    f.grid = {int(shape[0]), int(shape[1])};
    const bool known = f.grid == kModelGrid || f.grid == kLargeInsoleGrid || f.grid == GridSize{32, 32};
    if (!known)
        throw FormatError(file + ": frames of " + std::to_string(f.grid.rows) + " x " + std::to_string(f.grid.cols) +
                          "; expected 30 x 22, 29 x 21 (padded) or a raw 32 x 32 readout (cropped)");
    if (f.grid.rows == 32 && (crop.firstRow < 0 || crop.firstCol < 0 || crop.firstRow + kModelGrid.rows > 32 ||
                              crop.firstCol + kModelGrid.cols > 32))
        throw FormatError(file + ": the crop (first row " + std::to_string(crop.firstRow) + ", first column " +
                          std::to_string(crop.firstCol) + ") does not fit a 30 x 22 insole into 32 x 32");
    bool integers = true, unit = true;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!std::isfinite(v[i]) || v[i] < 0 || v[i] > kAdcMax)
            throw FormatError(file + ": value " + std::to_string(v[i]) + " at flat index " + std::to_string(i) +
                              " is not a reading in 0..4095");
        integers &= v[i] == std::floor(v[i]);
        unit &= v[i] <= 1.0;
    }
    const double scale = integers ? 1.0 : kAdcMax;
    if (!integers && !unit)
        throw FormatError(file + ": holds fractional values above 1: neither raw readings (integers 0..4095) nor "
                                 "normalised pressure (0..1)");
    f.conversion = f.grid.rows == 32 ? "cropped 32 x 32 at row " + std::to_string(crop.firstRow) + ", column " +
                                           std::to_string(crop.firstCol) + (crop.flip ? ", mirrored" : "")
                   : f.grid == kLargeInsoleGrid ? "29 x 21 padded to 30 x 22"
                                                : "30 x 22 as is";
    if (!integers)
        f.conversion += "; normalised 0..1 values scaled to 0..4095";
    const std::size_t cells = std::size_t(f.grid.cellCount());
    for (std::size_t t = 0; t < a.rows(); ++t)
        f.frames.push_back(toModelFrame(v.data() + t * cells, f.grid, crop, scale));
    return f;
}

std::string labelFor(const std::string& action)
{
    static const std::map<std::string, std::string> names{{"Squat", "squat"},
                                                          {"Lunge", "lunge"},
                                                          {"WarmUp", "warm-up"},
                                                          {"Walking", "walking"},
                                                          {"InPlaceWalking", "walking-in-place"},
                                                          {"SideWalking", "side-walking"},
                                                          {"BackwardWalking", "backward-walking"}};
    const auto it = names.find(action);
    if (it != names.end())
        return it->second;
    std::string lower = action;
    for (char& c : lower)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

} // namespace

AuthorsImportReport importAuthorsFolder(const fs::path& folder, const fs::path& out, const AuthorsImportOptions& o)
{
    const FootPair<FootFrames> feet{
        {readFoot(folder / "tactile_left.npy", o.crop), readFoot(folder / "tactile_right.npy", o.crop)}};
    NpyArray kpArray;
    const std::vector<double> kp = readValues(folder / "keypoints.npy", kpArray);
    if (kpArray.rowShape().size() != 2 || kpArray.rowShape()[0] != kKeypointCount || kpArray.rowShape()[1] != 3)
        throw FormatError((folder / "keypoints.npy").string() + ": expected (T, 19, 3) keypoints");
    const std::size_t n = feet[Foot::Left].frames.size();
    if (feet[Foot::Right].frames.size() != n || kpArray.rows() != n)
        throw FormatError(folder.string() + ": rows must be the same instants, but tactile_left.npy has " +
                          std::to_string(n) + ", tactile_right.npy " + std::to_string(feet[Foot::Right].frames.size()) +
                          " and keypoints.npy " + std::to_string(kpArray.rows()));
    if (!(feet[Foot::Left].grid == feet[Foot::Right].grid))
        throw FormatError(folder.string() + ": the two feet's frames differ in size");
    AuthorsImportReport report;
    report.frames = n;
    report.frameGrid = feet[Foot::Left].grid;
    report.conversion = feet[Foot::Left].conversion;
    const std::string name = fs::absolute(folder).lexically_normal().filename().string();
    report.subject = name.size() > 2 ? name.substr(0, 2) : name;
    report.action = name.size() > 2 ? name.substr(2) : "";
    const FrameClock clock{o.rate_hz, o.start_s};
    writeFolderAtomically(out, [&](const fs::path& tmp) {
        SessionMetadata meta;
        meta.id = out.filename().string();
        meta.subjectId = report.subject;
        meta.notes = "imported from the authors' layout " + folder.string() + " (" + report.conversion + ")";
        SessionWriter w(tmp, meta);
        for (std::size_t i = 0; i < n; ++i) {
            for (Foot foot : kFeet) {
                TactileFrame f;
                f.foot = foot;
                f.hostTime_ns = clock.timeOf(i);
                f.sequence = std::uint32_t(i);
                f.raw_adc = feet[foot].frames[i];
                w.appendTactile(f);
            }
            Pose p;
            for (std::size_t k = 0; k < kKeypointCount; ++k)
                for (int c = 0; c < 3; ++c)
                    p[k][c] = float(kp[(i * kKeypointCount + k) * 3 + std::size_t(c)]);
            w.appendGroundTruth(clock.timeOf(i), p);
        }
        w.close();
        if (!report.action.empty() && n > 0) {
            LabelTrack track;
            track.addToVocabulary(labelFor(report.action));
            track.add({clock.timeOf(0), clock.timeOf(n), labelFor(report.action), "import", "", {}});
            writeLabelTracks(tmp, {track});
        }
    });
    return report;
}

AuthorsExportReport exportAuthorsFolder(const Session& s, const fs::path& out)
{
    const TactileStream &left = s.tactile(Foot::Left), &right = s.tactile(Foot::Right);
    const KeypointStream& gt = s.groundTruth();
    if (left.size() == 0 || right.size() == 0 || gt.size() == 0)
        throw FormatError(s.path().string() + ": export needs both tactile streams and ground truth");
    std::vector<std::uint16_t> l, r;
    std::vector<float> kp;
    std::vector<TimeNs> times;
    for (std::size_t i = 0; i < left.size(); ++i) {
        const TimeNs t = left.timeAt(i);
        const auto j = gt.latestAt(t);
        const auto ri = right.samples().nearest(t);
        if (!j || !ri || (gt.timeAt(*j) != t && *j + 1 >= gt.size()))
            continue;
        Pose p = gt.pose(*j);
        if (gt.timeAt(*j) != t) {
            const float w = float(double(t - gt.timeAt(*j)) / double(gt.timeAt(*j + 1) - gt.timeAt(*j)));
            const Pose q = gt.pose(*j + 1);
            for (std::size_t k = 0; k < kKeypointCount; ++k)
                p[k] = (1 - w) * p[k] + w * q[k];
        }
        const auto a = left.raw(i), b = right.raw(*ri);
        l.insert(l.end(), a.begin(), a.end());
        r.insert(r.end(), b.begin(), b.end());
        for (const auto& v : p)
            kp.insert(kp.end(), {v.x(), v.y(), v.z()});
        times.push_back(t);
    }
    if (times.empty())
        throw FormatError(s.path().string() + ": the ground truth does not overlap the left tactile stream");
    const std::size_t n = times.size();
    writeFolderAtomically(out, [&](const fs::path& tmp) {
        const std::vector<std::size_t> frameShape{n, std::size_t(kModelGrid.rows), std::size_t(kModelGrid.cols)};
        writeNpy(tmp / "tactile_left.npy", DType::U16, frameShape, l.data());
        writeNpy(tmp / "tactile_right.npy", DType::U16, frameShape, r.data());
        writeNpy(tmp / "keypoints.npy", DType::F32, {n, kKeypointCount, 3}, kp.data());
    });
    AuthorsExportReport report;
    report.frames = n;
    report.rate_hz = n > 1 ? double(n - 1) / nsToSeconds(times.back() - times.front()) : 0.0;
    return report;
}

} // namespace insolepose::interchange
