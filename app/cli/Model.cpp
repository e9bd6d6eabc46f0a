// insolepose train, evaluate, predict and export-weights.
#include "Commands.h"
#include "DatasetSplit.h"
#include "ModelTools.h"
#include "TrainDistributed.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/model/Training.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTextStream>

#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <thread>

#include <cmath>

namespace insolepose::cli {

using namespace insolepose::model;
namespace fs = std::filesystem;

namespace {
constexpr qint64 kMaxEpochs = 1'000'000;
constexpr double kMaxMinutes = 1e6; ///< About two years: more is a typo.
} // namespace

int runTrain(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Train the 40-frame pose model on sessions.");
    const QCommandLineOption dataOpt("data", "A session or a folder of sessions.", "DIR");
    const QCommandLineOption configOpt("config", "paper, lite or a JSON file (default lite).", "CONFIG", "lite");
    const QCommandLineOption epochsOpt("epochs", "Epochs (default 10; 0 writes the initialised model).", "N", "10");
    const QCommandLineOption outOpt("out", "Output folder (model.pt = best, last.pt, training.json).", "DIR");
    const QCommandLineOption batchOpt("batch", "Batch size (default 32).", "N", "32");
    const QCommandLineOption lrOpt("lr", "Adam learning rate (default 1e-4).", "LR", "1e-4");
    const QCommandLineOption whOpt("w-heatmap", "Heatmap loss weight (default 100).", "W", "100");
    const QCommandLineOption wkOpt("w-keypoint", "Keypoint loss weight (default 1000).", "W", "1000");
    const QCommandLineOption seedOpt("seed", "Seed (default 1).", "N", "1");
    const QCommandLineOption threadsOpt("threads", "CPU threads (default: all cores).", "N",
                                        QString::number(defaultThreads()));
    const QCommandLineOption maxOpt("max-windows", "Training windows per epoch at most (default all).", "N", "0");
    const QCommandLineOption minutesOpt("max-minutes", "Stop after this many minutes (default no limit).", "MIN", "0");
    const QCommandLineOption downOpt("downsample", "Resolution ablation: pool by 2 this many times (0-3).", "N", "0");
    const QCommandLineOption valOpt("max-validation-windows",
                                    "Validate each epoch on at most this many windows, evenly spaced (default all).",
                                    "N", "0");
    const QCommandLineOption resumeOpt("resume", "Continue from OUT/last.pt (weights, epoch count and Adam's state).");
    const QCommandLineOption overwriteOpt(
        "overwrite", "Start afresh in an OUT that holds an earlier run (its models are replaced).");
    const QCommandLineOption datasetSplitOpt("dataset-split", "Use this split of DIR/dataset.json (whole sessions).",
                                             "NAME");
    p.addOptions({dataOpt, configOpt, epochsOpt, outOpt, batchOpt, lrOpt, whOpt, wkOpt, seedOpt, threadsOpt, maxOpt,
                  minutesOpt, downOpt, valOpt, resumeOpt, overwriteOpt, datasetSplitOpt});
    const TrainDistributedOptions distributedOpts;
    p.addOptions(distributedOpts.options());
    int rc = 0;
    if (!parseCommand(p, args, "train", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (!p.isSet(dataOpt) || !p.isSet(outOpt)) {
        err << "insolepose train: need --data DIR and --out DIR\n";
        return 2;
    }
    const char* cmd = "train";
    const auto epochs = integerOption(p, epochsOpt, 0, kMaxEpochs, cmd);
    const auto batch = integerOption(p, batchOpt, 2, 4096, cmd);
    const auto lr = numberOption(p, lrOpt, 1e-12, 10, cmd);
    const auto wh = numberOption(p, whOpt, 0, 1e6, cmd);
    const auto wk = numberOption(p, wkOpt, 0, 1e6, cmd);
    const auto seed = integerOption(p, seedOpt, 0, std::numeric_limits<qint64>::max(), cmd);
    const auto threads = integerOption(p, threadsOpt, 1, PoseModel::maxThreads(), cmd);
    const auto maxWindows = integerOption(p, maxOpt, 0, std::numeric_limits<qint64>::max(), cmd);
    const auto maxMinutes = numberOption(p, minutesOpt, 0, kMaxMinutes, cmd);
    const auto downsample = integerOption(p, downOpt, 0, 3, cmd);
    const auto maxValidation = integerOption(p, valOpt, 0, std::numeric_limits<qint64>::max(), cmd);
    const auto distributed = distributedOpts.read(p);
    if (!epochs || !batch || !lr || !wh || !wk || !seed || !threads || !maxWindows || !maxMinutes || !downsample ||
        !maxValidation || !distributed)
        return 2;
    if (*wh == 0 && *wk == 0) {
        err << "insolepose train: --w-heatmap and --w-keypoint are both 0: nothing would be learned\n";
        return 2;
    }
    try {
        TrainOptions o;
        o.epochs = int(*epochs);
        o.batch = int(*batch);
        o.learningRate = *lr;
        o.heatmapWeight = float(*wh);
        o.keypointWeight = float(*wk);
        o.seed = std::uint64_t(*seed);
        o.threads = int(*threads);
        o.maxWindowsPerEpoch = std::size_t(*maxWindows);
        o.maxMinutes = *maxMinutes;
        o.downsample = int(*downsample);
        o.emulatedRanks = distributed->emulatedRanks;
        const fs::path outDir = p.value(outOpt).toStdString();
        const bool rankZero = distributed->group.rank == 0; // only rank 0 reads and writes OUT
        if (rankZero) {
            std::error_code ec;
            std::filesystem::create_directories(outDir, ec);
            if (ec)
                throw IoError(outDir.string() + ": cannot create folder: " + ec.message());
        }
        const fs::path last = outDir / "last.pt", best = outDir / "model.pt";
        // A trained model is work: a new run does not silently replace the one already in OUT.
        if (rankZero && !p.isSet(resumeOpt) && !p.isSet(overwriteOpt))
            for (const fs::path& f : {best, last})
                if (fs::exists(f)) {
                    err << "insolepose train: " << QString::fromStdString(outDir.string())
                        << " already holds a trained model (" << QString::fromStdString(f.filename().string())
                        << "): pass --resume to continue that run, --overwrite to replace it, or another --out\n";
                    return 2;
                }
        const bool resume = p.isSet(resumeOpt) && rankZero && fs::exists(last);
        PoseModel model =
            resume ? PoseModel::load(last) : PoseModel(ModelConfig::byName(p.value(configOpt).toStdString()), o.seed);
        PoseModel::setThreads(o.threads);
        QJsonObject meta{{"training_data", p.value(dataOpt)},
                         {"trained_utc", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                         {"loss_weights", QJsonObject{{"heatmap", o.heatmapWeight}, {"keypoint", o.keypointWeight}}},
                         {"learning_rate", o.learningRate},
                         {"batch", o.batch},
                         {"downsample", o.downsample}};
        if (o.epochs == 0) {
            if (rankZero)
                model.save(best, meta);
            out << "wrote an initialised " << QString::fromStdString(model.config().name) << " model to "
                << QString::fromStdString(best.string()) << " (" << model.parameterCount() << " parameters)"
                << (rankZero ? "" : " on rank 0") << "\n";
            return 0;
        }
        keepFreedMemoryForReuse(); // a batch job: the steps reuse their buffers
        const auto sessions = loadSessions(p.value(dataOpt).toStdString());
        WindowSource source(model.config());
        for (const auto& s : sessions)
            source.addSession(*s);
        Split split = chooseSplit(source, p.value(dataOpt).toStdString(), p.value(datasetSplitOpt));
        split.validation = evenlySpaced(split.validation, std::size_t(*maxValidation));
        out << "sessions " << sessions.size() << ", windows: train " << split.train.size() << ", validation "
            << split.validation.size() << ", test " << split.test.size() << "; " << o.threads << " threads\n";
        out.flush();
        std::unique_ptr<DistributedGroup> group = joinGroup(distributed->group, out);
        o.group = group.get();
        TrainingRunCallbacks callbacks = consoleTrainingCallbacks(out);
        if (!distributed->dumpDir.empty())
            callbacks.afterStep = parameterDumper(distributed->dumpDir);
        const double bestError = trainToFolder(model, source, split, o, outDir, meta, resume, callbacks);
        if (!rankZero) {
            out << "rank " << distributed->group.rank << " done (rank 0 writes the model)\n";
            return 0;
        }
        out << "best model: " << QString::fromStdString(best.string())
            << (std::isnan(bestError) ? QStringLiteral(" (no validation windows: the last epoch)")
                                      : QStringLiteral(" (validation MPJPE %1 cm)").arg(bestError))
            << "\n";
        return 0;
    } catch (const Error& e) {
        err << "insolepose train: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) { // e.g. a file system error: a message and exit 1, never an abort
        err << "insolepose train: " << e.what() << "\n";
        return 1;
    }
}

int runEvaluate(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Evaluate a model on sessions: MPJPE per keypoint, axis, body part and action; PA-MPJPE.");
    const QCommandLineOption modelOpt("model", "Model file.", "FILE");
    const QCommandLineOption dataOpt("data", "A session or a folder of sessions.", "DIR");
    const QCommandLineOption splitOpt("split", "train, validation, test or all (default test).", "SPLIT", "test");
    const QCommandLineOption outOpt("out", "Folder for evaluation.json, CSV tables and PNG charts.", "DIR");
    const QCommandLineOption threadsOpt("threads", "CPU threads.", "N", QString::number(defaultThreads()));
    const QCommandLineOption labelTrackOpt("label-track", "Per-action results from this label track only.", "NAME");
    const QCommandLineOption datasetSplitOpt("dataset-split", "Use this split of DIR/dataset.json (whole sessions).",
                                             "NAME");
    p.addOptions({modelOpt, dataOpt, splitOpt, outOpt, threadsOpt, labelTrackOpt, datasetSplitOpt});
    int rc = 0;
    if (!parseCommand(p, args, "evaluate", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (!p.isSet(modelOpt) || !p.isSet(dataOpt)) {
        err << "insolepose evaluate: need --model FILE and --data DIR\n";
        return 2;
    }
    const auto threads = integerOption(p, threadsOpt, 1, PoseModel::maxThreads(), "evaluate");
    if (!threads)
        return 2;
    try {
        PoseModel::setThreads(int(*threads));
        if (p.isSet(outOpt)) { // before the evaluation: a folder that cannot be made loses no work
            const fs::path reportDir = p.value(outOpt).toStdString();
            std::error_code ec;
            std::filesystem::create_directories(reportDir, ec);
            if (ec)
                throw IoError(reportDir.string() + ": cannot create folder: " + ec.message());
        }
        const PoseModel model = PoseModel::load(p.value(modelOpt).toStdString());
        const auto sessions = loadSessions(p.value(dataOpt).toStdString());
        WindowSource source(model.config());
        source.setLabelTrack(p.value(labelTrackOpt).toStdString());
        for (const auto& s : sessions)
            source.addSession(*s);
        const Split split = chooseSplit(source, p.value(dataOpt).toStdString(), p.value(datasetSplitOpt));
        std::vector<WindowRef> windows;
        const QString which = p.value(splitOpt);
        if (which == "train")
            windows = split.train;
        else if (which == "validation")
            windows = split.validation;
        else if (which == "test")
            windows = split.test;
        else if (which == "all")
            for (std::size_t i = 0; i < source.sessionCount(); ++i) {
                auto w = source.groundTruthWindows(i);
                windows.insert(windows.end(), w.begin(), w.end());
            }
        else
            throw Error("--split must be train, validation, test or all");
        const Evaluation e = evaluate(model, source, windows, model.metadata()["downsample"].toInt(0));
        out << "windows " << e.windows << ": MPJPE " << e.mpjpe_cm << " cm, PA-MPJPE " << e.paMpjpe_cm << " cm\n";
        for (const auto& [part, v] : e.perBodyPart_cm)
            out << "  " << QString::fromStdString(part) << ": " << v << " cm\n";
        for (const auto& [action, v] : e.perAction_cm)
            out << "  [" << QString::fromStdString(action) << "] " << v << " cm\n";
        for (const auto& [phase, v] : e.perGaitPhase_cm)
            out << "  (gait phase " << QString::fromStdString(phase) << ") " << v << " cm, "
                << e.perGaitPhaseCount.at(phase) << " windows\n";
        if (p.isSet(outOpt)) {
            writeEvaluationReport(p.value(outOpt).toStdString(), e,
                                  fs::path(p.value(modelOpt).toStdString()).stem().string() + " (" +
                                      which.toStdString() + ")");
            out << "wrote evaluation.json, per_keypoint/per_axis/per_body_part/per_action .csv and .png to "
                << p.value(outOpt) << "\n";
        }
        return 0;
    } catch (const Error& e) {
        err << "insolepose evaluate: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) { // e.g. a file system error: a message and exit 1, never an abort
        err << "insolepose evaluate: " << e.what() << "\n";
        return 1;
    }
}

int runPredict(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Run a model on one window (--input) or over a whole session (--session).");
    const QCommandLineOption modelOpt("model", "Model file.", "FILE");
    const QCommandLineOption inputOpt("input", "A window: float32 (2, 40, 30, 22), left foot first, normalised.",
                                      "NPY");
    const QCommandLineOption outOpt("out", "Where --input's (19, 3) keypoints go.", "NPY");
    const QCommandLineOption sessionOpt("session", "Predict at every tactile frame and store in the session.", "DIR");
    const QCommandLineOption nameOpt("name", "Name of the predictions in the session (default: the model's file name).",
                                     "NAME");
    const QCommandLineOption threadsOpt("threads", "CPU threads.", "N", QString::number(defaultThreads()));
    p.addOptions({modelOpt, inputOpt, outOpt, sessionOpt, nameOpt, threadsOpt});
    int rc = 0;
    if (!parseCommand(p, args, "predict", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (!p.isSet(modelOpt) || (p.isSet(inputOpt) == p.isSet(sessionOpt)) || (p.isSet(inputOpt) && !p.isSet(outOpt))) {
        err << "insolepose predict: need --model and either --input NPY --out NPY or --session DIR\n";
        return 2;
    }
    const auto threads = integerOption(p, threadsOpt, 1, PoseModel::maxThreads(), "predict");
    if (!threads)
        return 2;
    try {
        PoseModel::setThreads(int(*threads));
        const PoseModel model = PoseModel::load(p.value(modelOpt).toStdString());
        const ModelConfig& c = model.config();
        if (p.isSet(inputOpt)) {
            const NpyArray in = NpyArray::open(p.value(inputOpt).toStdString());
            if (in.dtype() != DType::F32 ||
                in.header().shape != std::vector<std::size_t>{2, std::size_t(c.window), std::size_t(c.inputRows),
                                                              std::size_t(c.inputCols)})
                throw FormatError(p.value(inputOpt).toStdString() + ": expected float32 (2, " +
                                  std::to_string(c.window) + ", " + std::to_string(c.inputRows) + ", " +
                                  std::to_string(c.inputCols) + ")");
            const auto v = in.values<float>();
            const ModelOutput o = model.predict(v, 1);
            std::vector<float> flat;
            for (const auto& k : o.keypoints[0])
                flat.insert(flat.end(), {k.x(), k.y(), k.z()});
            writeNpy(p.value(outOpt).toStdString(), DType::F32, {kKeypointCount, 3}, flat.data());
            out << "wrote " << p.value(outOpt) << "\n";
            return 0;
        }
        const fs::path dir = p.value(sessionOpt).toStdString();
        const Session s = openSession(dir);
        QElapsedTimer clock;
        clock.start();
        const SessionPredictions r = predictSession(model, s, [](std::size_t done, std::size_t total) {
            std::fprintf(stderr, "\rpredicting %zu/%zu", done, total);
            return true;
        });
        std::fprintf(stderr, "\n");
        const auto& times = r.times;
        const auto& poses = r.poses;
        const std::string name = p.isSet(nameOpt) ? p.value(nameOpt).toStdString()
                                                  : fs::path(p.value(modelOpt).toStdString()).stem().string();
        writePredictions(dir, name, times, poses);
        out << "wrote " << poses.size() << " predictions as '" << QString::fromStdString(name) << "' in "
            << clock.elapsed() / 1000.0 << " s (in the normalised pose frame of paper eq. 1)\n";
        return 0;
    } catch (const Error& e) {
        err << "insolepose predict: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) { // e.g. a file system error: a message and exit 1, never an abort
        err << "insolepose predict: " << e.what() << "\n";
        return 1;
    }
}

int runExportWeights(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Write every parameter and buffer under PyTorch state_dict names as .npz.");
    const QCommandLineOption modelOpt("model", "Model file.", "FILE");
    const QCommandLineOption outOpt("out", "The .npz to write.", "NPZ");
    p.addOptions({modelOpt, outOpt});
    int rc = 0;
    if (!parseCommand(p, args, "export-weights", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (!p.isSet(modelOpt) || !p.isSet(outOpt)) {
        err << "insolepose export-weights: need --model FILE and --out NPZ\n";
        return 2;
    }
    try {
        PoseModel::load(p.value(modelOpt).toStdString()).exportNpz(p.value(outOpt).toStdString());
        out << "wrote " << p.value(outOpt) << "\n";
        return 0;
    } catch (const Error& e) {
        err << "insolepose export-weights: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) { // e.g. a file system error: a message and exit 1, never an abort
        err << "insolepose export-weights: " << e.what() << "\n";
        return 1;
    }
}

} // namespace insolepose::cli
