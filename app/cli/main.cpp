// insolepose: the command line tool for headless jobs.
#include "Commands.h"

#include "insolepose/Version.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace {

constexpr const char* kUsage = R"(Usage: insolepose <command> [options]

Commands:
  info SESSION          Print a session's metadata, streams, labels and any repairs made on opening.
  repair SESSION        Fix a session left by a crashed recorder on disk (row counts, partial rows).
  labels list|export|import|agreement SESSION ...
                        Label tracks: export/import ELAN .eaf, CSV, JSON; agreement (kappa, F1).
  synth --out DIR       Generate synthetic sessions: subjects doing the paper's seven actions with
                        foot pressure, ground-truth keypoints, labels and camera video.
  simulate [--protocol tcp|serial|udp] [--port 7000] [--rate 14] [--loss P] [--garbage] ...
                        Act as a pair of insole boards over their real protocols.
  record --insoles tcp://127.0.0.1:7000 [--camera 0|FILE] --out DIR [--duration SEC] [--force]
                        Record insoles (and a camera) into a new or empty folder with live
                        statistics (--force first moves an old folder's files to DIR.backup-...).
  train --data DIR --config paper|lite|FILE --epochs N --out DIR
                        Train the 40-frame model (Adam, heatmap + keypoint loss, best checkpoint).
  evaluate --model M --data DIR [--split test] [--out DIR] [--label-track NAME]
                        MPJPE per keypoint, axis, body part and action; PA-MPJPE.
  predict --model M (--session S | --input WINDOW.npy --out KP.npy)
                        Run the model over a session (stored as predictions) or on one window.
  export-weights --model M --out W.npz
                        Every parameter and buffer under PyTorch state_dict names.
  experiment loss-ablation|resolution-ablation|generalization|action-probe --data DIR --out DIR
                        Rerun one of the paper's experiments at a stated budget; writes its table.
  gait SESSION --out DIR [--threshold 0.10] [--hysteresis 0.05]
                        Gait events and steps (steps.csv, summary.json), pressure charts, report.pdf.
  propose-labels SESSION --model M [--track NAME] [--train-probe DATA]
                        Label a session with the model's action probe (a "model" track).
  snapshot SESSION --at SEC --out PNG
                        Save a camera frame and both pressure maps at one time as a PNG.
  compare SESSION --out DIR [--model NAME] [--against NAME] [--label-track NAME]
                        Ground truth vs stored predictions: error per joint, body region, axis and
                        action (MPJPE, PA-MPJPE), worst frames; CSV tables, PNG charts, report.pdf.
  import xrmocap|csv FILE --session DIR --rate HZ [--start-s S] [--person N]
                        Add ground-truth keypoints made elsewhere to a session (created if needed).
  import authors FOLDER --out DIR --rate HZ
                        Make a session from the authors' layout (tactile_left/right.npy, keypoints.npy).
  export authors SESSION --out FOLDER
                        Write a session in the authors' layout, resampled to the tactile clock.
  export xrmocap|csv SESSION --out FILE [--model NAME]
                        Write the ground truth (or predictions) as XRMoCap keypoints3d .npz or CSV.
  sync SESSION [--apply]
                        Estimate the right insole's, ground truth's and cameras' offsets (JSON offsets_s).
  attach-video SESSION FILE [--offset-s S] [--camera NAME]
                        Add a video with its container's frame times; checks every frame decodes.
  dataset info|split DIR [--subject S] [--action A] [--by random|subject|action --name N]
                        List a folder of sessions with quality flags; save splits for train/evaluate.

Options:
  -h, --help            Show this help (or `insolepose <command> --help`).
  -v, --version         Show the version.
)";

/// Every command and the program that implements it (see Commands.h).
constexpr insolepose::cli::Command kCommands[] = {
    {"info", insolepose::cli::Program::Front, insolepose::cli::runInfo},
    {"repair", insolepose::cli::Program::Front, insolepose::cli::runRepair},
    {"record", insolepose::cli::Program::Front, insolepose::cli::runRecord},
    {"labels", insolepose::cli::Program::Front, insolepose::cli::runLabels},
    {"synth", insolepose::cli::Program::Data, nullptr},
    {"simulate", insolepose::cli::Program::Data, nullptr},
    {"snapshot", insolepose::cli::Program::Data, nullptr},
    {"gait", insolepose::cli::Program::Data, nullptr},
    {"compare", insolepose::cli::Program::Data, nullptr},
    {"import", insolepose::cli::Program::Data, nullptr},
    {"export", insolepose::cli::Program::Data, nullptr},
    {"sync", insolepose::cli::Program::Data, nullptr},
    {"attach-video", insolepose::cli::Program::Data, nullptr},
    {"dataset", insolepose::cli::Program::Data, nullptr},
    {"train", insolepose::cli::Program::Model, nullptr},
    {"evaluate", insolepose::cli::Program::Model, nullptr},
    {"predict", insolepose::cli::Program::Model, nullptr},
    {"export-weights", insolepose::cli::Program::Model, nullptr},
    {"experiment", insolepose::cli::Program::Model, nullptr},
    {"propose-labels", insolepose::cli::Program::Model, nullptr},
};

/// Replaces this process with the helper program `name`, passing the arguments unchanged. It is
/// looked for in $INSOLEPOSE_LIBEXEC_DIR, next to this program (the build tree) and in the
/// installed libexec folder. Returns only on failure.
int execHelper(const char* name, char** argv)
{
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("INSOLEPOSE_LIBEXEC_DIR"); env && *env)
        candidates.push_back(fs::path(env) / name);
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        candidates.push_back(self.parent_path() / name);
        candidates.push_back(self.parent_path() / INSOLEPOSE_HELPERS_FROM_BINDIR / name);
    }
    for (const fs::path& c : candidates) {
        if (::access(c.c_str(), X_OK) == 0) {
            ::execv(c.c_str(), argv);
            QTextStream(stderr) << "insolepose: cannot run " << QString::fromStdString(c.string()) << ": "
                                << std::strerror(errno) << "\n";
            return 127;
        }
    }
    QTextStream err(stderr);
    err << "insolepose: this command needs the " << name << " program, which was not found in:\n";
    for (const fs::path& c : candidates)
        err << "  " << QString::fromStdString(c.parent_path().lexically_normal().string()) << "\n";
    return 127;
}

} // namespace

int main(int argc, char** argv)
{
    // Commands of the helper programs are handed over before anything else is set up.
    if (argc >= 2) {
        for (const auto& c : kCommands) {
            if (std::string_view(argv[1]) != c.name)
                continue;
            if (c.program == insolepose::cli::Program::Data)
                return execHelper("insolepose-data", argv);
            if (c.program == insolepose::cli::Program::Model)
                return execHelper("insolepose-model", argv);
        }
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("insolepose"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(insolepose::kVersionString));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "-h" || args[1] == "--help" || args[1] == "help") {
        out << kUsage;
        return args.size() < 2 ? 2 : 0;
    }
    if (args[1] == "-v" || args[1] == "--version") {
        out << "insolepose " << insolepose::kVersionString << "\n";
        return 0;
    }
    const QString command = args[1];
    args.removeAt(1); // leave argv[0] and the command's own options
    for (const auto& c : kCommands)
        if (command == QLatin1String(c.name) && c.run)
            return c.run(args);
    err << "insolepose: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
}
