#include "insolepose/interchange/GroundTruthImport.h"

#include "insolepose/Error.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/interchange/NpzReader.h"
#include "insolepose/interchange/Staging.h"

#include <QFile>
#include <QTextStream>

#include <cmath>
#include <limits>
#include <unistd.h>

namespace insolepose::interchange {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kCocoWholebodyCount = 133; // docs/REFERENCE.md section 6
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

void expectShape(const NpzArray& a, const std::vector<std::size_t>& shape, const std::string& file, const char* what)
{
    if (a.shape == shape)
        return;
    auto text = [](const std::vector<std::size_t>& s) {
        std::string t = "(";
        for (std::size_t i = 0; i < s.size(); ++i)
            t += (i ? ", " : "") + std::to_string(s[i]);
        return t + ")";
    };
    throw FormatError(file + ": array '" + a.name + "' has shape " + text(a.shape) + ", expected " + text(shape) +
                      " (" + what + ")");
}

} // namespace

TimeNs FrameClock::timeOf(std::size_t frame) const
{
    return secondsToNs(start_s) + static_cast<TimeNs>(std::llround(double(frame) * 1e9 / rate_hz));
}

GroundTruth readXrMocapKeypoints(const fs::path& npz, const FrameClock& clock, int person)
{
    const std::string file = npz.string();
    const std::vector<NpzArray> arrays = readNpz(npz);
    const NpzArray& kp = npzEntry(arrays, "keypoints", file);
    GroundTruth gt;
    gt.convention = npzEntry(arrays, "convention", file).toText(file);
    if (gt.convention != "coco_wholebody")
        throw FormatError(file + ": convention '" + gt.convention +
                          "' is not supported; export the keypoints in coco_wholebody (133 keypoints)");
    if (kp.shape.size() != 4 || kp.shape[3] != 4)
        throw FormatError(file + ": array 'keypoints' must be (n_frame, n_person, n_kps, 4) with x, y, z, score; " +
                          std::to_string(kp.shape.size()) + "-d array found" +
                          (kp.shape.size() == 4 && kp.shape[3] == 3 ? " (3 values per keypoint: a 2-D file?)" : ""));
    const std::size_t frames = kp.shape[0], persons = kp.shape[1], kps = kp.shape[2];
    if (kps != kCocoWholebodyCount)
        throw FormatError(file + ": " + std::to_string(kps) + " keypoints per person, coco_wholebody has " +
                          std::to_string(kCocoWholebodyCount));
    if (person < 0 || std::size_t(person) >= persons)
        throw FormatError(file + ": person " + std::to_string(person) + " does not exist (the file holds " +
                          std::to_string(persons) + ")");
    const NpzArray& maskArray = npzEntry(arrays, "mask", file);
    expectShape(maskArray, {frames, persons, kps}, file, "one flag per keypoint of 'keypoints'");
    const std::vector<double> values = kp.toDoubles(file), mask = maskArray.toDoubles(file);
    gt.personCount = persons;
    gt.poses.resize(frames);
    gt.times_ns.resize(frames);
    for (std::size_t f = 0; f < frames; ++f) {
        gt.times_ns[f] = clock.timeOf(f);
        for (std::size_t k = 0; k < kKeypointCount; ++k) {
            const std::size_t src =
                (f * persons + std::size_t(person)) * kps + std::size_t(cocoWholebodyIndex(Keypoint(k)));
            const double* v = &values[src * 4];
            const bool ok =
                mask[src] != 0 && v[3] > 0 && std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2]);
            gt.poses[f][k] =
                ok ? Eigen::Vector3f(float(v[0]), float(v[1]), float(v[2])) : Eigen::Vector3f::Constant(kNaN);
            gt.missingKeypoints += ok ? 0 : 1;
        }
    }
    return gt;
}

GroundTruth readKeypointsCsv(const fs::path& csv, const FrameClock& clock)
{
    const std::string file = csv.string();
    QFile f(QString::fromStdString(file));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        throw IoError(file + ": cannot open: " + f.errorString().toStdString());
    QTextStream in(&f);
    const QStringList header = in.readLine().split(',');
    const bool timed = header.value(0).trimmed() == "time_s";
    const int columns = int(kKeypointCount * 3) + (timed ? 1 : 0);
    if (header.size() != columns)
        throw FormatError(file + ": line 1: " + std::to_string(header.size()) + " columns, expected " +
                          std::to_string(columns) + " (optional time_s, then x, y, z of 19 keypoints)");
    GroundTruth gt;
    gt.convention = "insolepose19";
    for (int line = 2; !in.atEnd(); ++line) {
        const QString text = in.readLine();
        if (text.trimmed().isEmpty())
            continue;
        const QStringList cells = text.split(',');
        const std::string where = file + ": line " + std::to_string(line);
        if (cells.size() != columns)
            throw FormatError(where + ": " + std::to_string(cells.size()) + " columns, expected " +
                              std::to_string(columns));
        auto number = [&](int c, bool allowMissing) {
            const QString cell = cells[c].trimmed();
            if (allowMissing && (cell.isEmpty() || cell.compare("nan", Qt::CaseInsensitive) == 0))
                return std::numeric_limits<double>::quiet_NaN();
            bool ok = false;
            const double v = cell.toDouble(&ok);
            if (!ok || !std::isfinite(v))
                throw FormatError(where + ": column " + std::to_string(c + 1) + " (" +
                                  header[c].trimmed().toStdString() + "): '" + cell.toStdString() +
                                  "' is not a number");
            return v;
        };
        Pose pose;
        const int first = timed ? 1 : 0;
        for (std::size_t k = 0; k < kKeypointCount; ++k) {
            for (int c = 0; c < 3; ++c)
                pose[k][c] = float(number(first + int(k) * 3 + c, true));
            if (!pose[k].allFinite()) {
                pose[k].setConstant(kNaN);
                ++gt.missingKeypoints;
            }
        }
        const TimeNs t = timed ? secondsToNs(number(0, false)) : clock.timeOf(gt.poses.size());
        if (!gt.times_ns.empty() && t < gt.times_ns.back())
            throw FormatError(where + ": time_s goes backwards");
        gt.times_ns.push_back(t);
        gt.poses.push_back(pose);
    }
    if (gt.poses.empty())
        throw FormatError(file + ": no keypoint rows after the header");
    return gt;
}

namespace {

void writeGroundTruthFiles(const fs::path& dir, const GroundTruth& gt)
{
    static_assert(sizeof(Pose) == kKeypointCount * 3 * sizeof(float));
    writeNpy(dir / "keypoints_gt.npy", DType::F32, {gt.poses.size(), kKeypointCount, 3}, gt.poses.data());
    writeNpy(dir / "keypoints_gt_timestamps.npy", DType::I64, {gt.times_ns.size()}, gt.times_ns.data());
}

} // namespace

void addGroundTruth(const fs::path& dir, const GroundTruth& gt, bool replace)
{
    if (gt.poses.empty())
        throw FormatError("no keypoint frames to import");
    if (!isSession(dir)) {
        writeFolderAtomically(dir, [&](const fs::path& tmp) {
            SessionMetadata meta;
            meta.id = dir.filename().string();
            SessionWriter writer(tmp, meta);
            writer.close();
            writeGroundTruthFiles(tmp, gt);
        });
        return;
    }
    if (fs::exists(dir / "keypoints_gt.npy") && !replace)
        throw IoError((dir / "keypoints_gt.npy").string() + ": the session already has ground truth (use --replace)");
    const fs::path staged = dir / (".import-" + std::to_string(::getpid()));
    fs::create_directories(staged);
    try {
        writeGroundTruthFiles(staged, gt);
    } catch (...) {
        fs::remove_all(staged);
        throw;
    }
    moveStagedFiles(staged, dir, {"keypoints_gt_timestamps.npy", "keypoints_gt.npy"});
}

} // namespace insolepose::interchange
