// insolepose experiment: reruns the paper's experiments (loss ablation, resolution ablation,
// generalisation to unseen actions and people, the action probe) on a dataset, at a stated
// budget, and writes each one's table (Markdown, CSV, JSON) and chart.
#include "Commands.h"
#include "ModelTools.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/Labels.h"
#include "insolepose/media/Charts.h"
#include "insolepose/model/ActionProbe.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>

namespace insolepose::cli {
namespace {

using namespace insolepose::model;
namespace fs = std::filesystem;

/// The label covering most of a session (its action in a one-action-per-session dataset).
std::string dominantAction(const Session& s)
{
    std::map<std::string, TimeNs> cover;
    for (const auto* track : groundTruthTracks(s.labelTracks())) // never model-proposed labels
        for (const auto& seg : track->segments())
            cover[seg.label] += seg.end_ns - seg.start_ns;
    std::string best;
    TimeNs most = 0;
    for (const auto& [label, t] : cover)
        if (t > most) {
            most = t;
            best = label;
        }
    return best;
}

/// The actions present in the sessions, in the vocabulary's order.
std::vector<std::string> actionsIn(const std::vector<std::unique_ptr<Session>>& sessions)
{
    std::vector<const std::vector<LabelTrack>*> lists;
    for (const auto& s : sessions)
        lists.push_back(&s->labelTracks());
    return labelsInUse(lists);
}

struct Table {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};

std::string num(double v, int decimals = 2)
{
    if (!std::isfinite(v))
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

void writeTable(const fs::path& dir, const std::string& title, const std::string& budget, const Table& t,
                const std::vector<std::string>& verdicts)
{
    std::ofstream md(dir / "table.md"), csv(dir / "table.csv");
    if (!md || !csv)
        throw IoError("cannot write the table in " + dir.string());
    md << "# " << title << "\n\n" << budget << "\n\n|";
    for (const auto& c : t.columns) {
        md << " " << c << " |";
        csv << (&c == &t.columns.front() ? "" : ",") << c;
    }
    md << "\n|";
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        md << (i == 0 ? "---|" : "---:|");
    md << "\n";
    csv << "\n";
    for (const auto& r : t.rows) {
        md << "|";
        for (std::size_t i = 0; i < r.size(); ++i) {
            md << " " << r[i] << " |";
            csv << (i ? "," : "") << r[i];
        }
        md << "\n";
        csv << "\n";
    }
    if (!verdicts.empty()) {
        md << "\n";
        for (const auto& v : verdicts)
            md << "- " << v << "\n";
    }
}

struct Runner {
    QTextStream& out;
    const WindowSource& source;
    ModelConfig config;
    TrainOptions base;
    fs::path dir;
    std::size_t maxValidation = 2000, maxTest = 4000;
    QJsonObject budget;

    /// Trains a fresh model on `split` (or reuses a finished run in the same folder) and returns
    /// it (the best checkpoint) with its test evaluation.
    std::pair<PoseModel, Evaluation> run(const std::string& name, const Split& split, TrainOptions o)
    {
        const fs::path runDir = dir / name;
        Split s{split.train, evenlySpaced(split.validation, maxValidation), evenlySpaced(split.test, maxTest)};
        out << "== " << QString::fromStdString(name) << ": train " << s.train.size() << ", validation "
            << s.validation.size() << ", test " << s.test.size() << " windows\n";
        out.flush();
        if (s.train.empty() || s.test.empty())
            throw Error("experiment run '" + name + "': no training or test windows");
        if (!fs::exists(runDir / "model.pt") || !fs::exists(runDir / "training.json")) {
            PoseModel model(config, o.seed);
            QJsonObject meta{
                {"experiment_run", QString::fromStdString(name)},
                {"loss_weights", QJsonObject{{"heatmap", o.heatmapWeight}, {"keypoint", o.keypointWeight}}},
                {"learning_rate", o.learningRate},
                {"batch", o.batch},
                {"downsample", o.downsample}};
            trainToFolder(model, source, s, o, runDir, meta, false, consoleTrainingCallbacks(out));
        } else {
            out << "(reusing the finished run in " << QString::fromStdString(runDir.string()) << ")\n";
        }
        PoseModel best = PoseModel::load(runDir / "model.pt");
        Evaluation e = evaluate(best, source, s.test, o.downsample);
        writeEvaluationReport(runDir / "test", e, name);
        out << "   test MPJPE " << e.mpjpe_cm << " cm (PA " << e.paMpjpe_cm << " cm)\n";
        out.flush();
        return {std::move(best), std::move(e)};
    }
};

} // namespace

int runExperiment(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Rerun one of the paper's experiments on a dataset and write its table:\n"
        "  loss-ablation        heatmap+keypoint vs heatmap-only vs keypoint-only loss\n"
        "  resolution-ablation  inputs pooled to 30x22, 15x11, 8x6, 4x3\n"
        "  generalization       per action (and one person): seen (60/20/20 split) vs unseen (held out)\n"
        "  action-probe         frozen encoders of --model + a linear layer classifying the action\n"
        "Each model trains for at most --minutes-per-model; results go to OUT/KIND/.");
    p.addPositionalArgument("kind", "loss-ablation, resolution-ablation, generalization or action-probe");
    const QCommandLineOption dataOpt("data", "A folder of sessions (one action per session for generalization).",
                                     "DIR");
    const QCommandLineOption outOpt("out", "Output folder.", "DIR");
    const QCommandLineOption configOpt("config", "paper, lite or a JSON file (default lite).", "CONFIG", "lite");
    const QCommandLineOption minutesOpt("minutes-per-model", "Training budget of each model (default 4).", "MIN", "4");
    const QCommandLineOption epochsOpt(
        "epochs", "Epochs at most per model (default 100; the time budget usually ends first).", "N", "100");
    const QCommandLineOption maxOpt("max-windows", "Training windows per epoch (default 4000).", "N", "4000");
    const QCommandLineOption valOpt("max-validation-windows", "Validation windows, evenly spaced (default 2000).", "N",
                                    "2000");
    const QCommandLineOption testOpt("max-test-windows", "Test windows per run, evenly spaced (default 4000).", "N",
                                     "4000");
    const QCommandLineOption lrOpt("lr", "Adam learning rate (default 1e-3).", "LR", "1e-3");
    const QCommandLineOption seedOpt("seed", "Seed (default 1).", "N", "1");
    const QCommandLineOption threadsOpt("threads", "CPU threads.", "N", QString::number(defaultThreads()));
    const QCommandLineOption modelOpt("model", "action-probe: the trained model whose encoders are probed.", "FILE");
    const QCommandLineOption probeEpochsOpt("probe-epochs", "action-probe: epochs of the linear layer (default 30).",
                                            "N", "30");
    const QCommandLineOption subjectOpt("subject", "generalization: the person held out (default: the last one).",
                                        "ID");
    p.addOptions({dataOpt, outOpt, configOpt, minutesOpt, epochsOpt, maxOpt, valOpt, testOpt, lrOpt, seedOpt,
                  threadsOpt, modelOpt, probeEpochsOpt, subjectOpt});
    int rc = 0;
    if (!parseCommand(p, args, "experiment", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    const QStringList pos = p.positionalArguments();
    const QStringList kinds{"loss-ablation", "resolution-ablation", "generalization", "action-probe"};
    if (pos.size() != 1 || !kinds.contains(pos[0]) || !p.isSet(dataOpt) || !p.isSet(outOpt)) {
        err << "insolepose experiment: need one of " << kinds.join(", ") << ", --data DIR and --out DIR\n";
        return 2;
    }
    const std::string kind = pos[0].toStdString();
    if (kind == "action-probe" && !p.isSet(modelOpt)) {
        err << "insolepose experiment action-probe: need --model FILE (a trained model)\n";
        return 2;
    }
    const char* cmd = "experiment";
    constexpr qint64 kAny = std::numeric_limits<qint64>::max();
    const auto epochs = integerOption(p, epochsOpt, 1, 1'000'000, cmd);
    const auto lr = numberOption(p, lrOpt, 1e-12, 10, cmd);
    const auto seed = integerOption(p, seedOpt, 0, kAny, cmd);
    const auto threads = integerOption(p, threadsOpt, 1, PoseModel::maxThreads(), cmd);
    const auto maxWindows = integerOption(p, maxOpt, 0, kAny, cmd);
    const auto minutes = numberOption(p, minutesOpt, 0.001, 1e6, cmd);
    const auto maxValidation = integerOption(p, valOpt, 0, kAny, cmd);
    const auto maxTest = integerOption(p, testOpt, 0, kAny, cmd);
    const auto probeEpochs = integerOption(p, probeEpochsOpt, 1, 1'000'000, cmd);
    if (!epochs || !lr || !seed || !threads || !maxWindows || !minutes || !maxValidation || !maxTest || !probeEpochs)
        return 2;
    try {
        QElapsedTimer clock;
        clock.start();
        TrainOptions o;
        o.epochs = int(*epochs);
        o.learningRate = *lr;
        o.seed = std::uint64_t(*seed);
        o.threads = int(*threads);
        o.maxWindowsPerEpoch = std::size_t(*maxWindows);
        o.maxMinutes = *minutes;
        PoseModel::setThreads(o.threads);
        keepFreedMemoryForReuse(); // a batch job: the steps reuse their buffers
        const auto sessions = loadSessions(p.value(dataOpt).toStdString());
        std::optional<PoseModel> probed;
        if (kind == "action-probe")
            probed.emplace(PoseModel::load(p.value(modelOpt).toStdString()));
        const ModelConfig config = probed ? probed->config() : ModelConfig::byName(p.value(configOpt).toStdString());
        WindowSource source(config);
        for (const auto& s : sessions)
            source.addSession(*s);
        const fs::path dir = fs::path(p.value(outOpt).toStdString()) / kind;
        {
            std::error_code ec;
            std::filesystem::create_directories(dir, ec);
            if (ec)
                throw IoError(dir.string() + ": cannot create folder: " + ec.message());
        }
        Runner runner{out, source, config, o, dir, 2000, 4000, {}};
        runner.maxValidation = std::size_t(*maxValidation);
        runner.maxTest = std::size_t(*maxTest);
        std::string budget = "Data: " + p.value(dataOpt).toStdString() + " (" + std::to_string(sessions.size()) +
                             " sessions). Budget per model: " + num(o.maxMinutes, 1) + " min on " +
                             std::to_string(o.threads) + " threads, epochs of at most " +
                             std::to_string(o.maxWindowsPerEpoch) + " windows, lr " + p.value(lrOpt).toStdString() +
                             ", batch 32, seed " + std::to_string(o.seed) +
                             "; validation <= " + std::to_string(runner.maxValidation) +
                             " and test <= " + std::to_string(runner.maxTest) +
                             " windows, evenly spaced. Model config: " + config.name + ".";
        if (kind == "action-probe")
            budget = "Data: " + p.value(dataOpt).toStdString() + " (" + std::to_string(sessions.size()) +
                     " sessions), 60/20/20 split. Model: " + p.value(modelOpt).toStdString() + " (config " +
                     config.name + "); test <= " + std::to_string(runner.maxTest) + " windows, evenly spaced.";
        QJsonObject results{{"experiment", pos[0]},
                            {"data", p.value(dataOpt)},
                            {"budget", QString::fromStdString(budget)},
                            {"started_utc", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
        Table table;
        std::vector<std::string> verdicts;
        const Split split = splitByTimeBlocks(source);

        if (kind == "loss-ablation") {
            struct Variant {
                const char* name;
                float wh, wk;
                double paper;
            };
            const Variant variants[] = {{"heatmap+keypoint", 100, 1000, 7.43},
                                        {"heatmap only", 100, 0, 8.18},
                                        {"keypoint only", 0, 1000, 7.98}};
            table.columns = {"loss", "MPJPE (cm)", "PA-MPJPE (cm)", "paper MPJPE (cm)"};
            std::vector<double> ours, paper;
            std::vector<std::string> names;
            QJsonObject rows;
            for (const auto& v : variants) {
                TrainOptions vo = o;
                vo.heatmapWeight = v.wh;
                vo.keypointWeight = v.wk;
                std::string folder = v.name;
                std::replace(folder.begin(), folder.end(), ' ', '-');
                std::replace(folder.begin(), folder.end(), '+', '-');
                const auto [model, e] = runner.run(folder, split, vo);
                table.rows.push_back({v.name, num(e.mpjpe_cm), num(e.paMpjpe_cm), num(v.paper)});
                rows[v.name] = e.toJson();
                names.push_back(v.name);
                ours.push_back(e.mpjpe_cm);
                paper.push_back(v.paper);
            }
            results["runs"] = rows;
            const bool holds = ours[0] <= ours[1] && ours[0] <= ours[2];
            verdicts.push_back(std::string("Paper trend (both losses no worse than either alone): ") +
                               (holds ? "holds" : "does NOT hold") + " here (" + num(ours[0]) + " vs " + num(ours[1]) +
                               " and " + num(ours[2]) + " cm).");
            writeBarChartPng(dir / "table.png", "Loss ablation: test MPJPE", names, {{"ours", ours}, {"paper", paper}},
                             "cm");
        } else if (kind == "resolution-ablation") {
            const char* names[] = {"30x22", "15x11", "8x6", "4x3"};
            const double paperValues[] = {7.43, 8.41, 17.50, 25.98};
            table.columns = {"input resolution", "MPJPE (cm)", "PA-MPJPE (cm)", "paper MPJPE (cm)"};
            std::vector<double> ours, paper;
            QJsonObject rows;
            for (int k = 0; k < 4; ++k) {
                TrainOptions vo = o;
                vo.downsample = k;
                const auto [model, e] = runner.run(names[k], split, vo);
                table.rows.push_back({names[k], num(e.mpjpe_cm), num(e.paMpjpe_cm), num(paperValues[k])});
                rows[names[k]] = e.toJson();
                ours.push_back(e.mpjpe_cm);
                paper.push_back(paperValues[k]);
            }
            results["runs"] = rows;
            const bool holds = ours[0] < ours[1] && ours[1] < ours[2] && ours[2] < ours[3];
            verdicts.push_back(std::string("Paper trend (30x22 < 15x11 < 8x6 < 4x3): ") +
                               (holds ? "holds" : "does NOT hold") + " here.");
            writeBarChartPng(dir / "table.png", "Resolution ablation: test MPJPE", {names, names + 4},
                             {{"ours", ours}, {"paper", paper}}, "cm");
        } else if (kind == "generalization") {
            const std::map<std::string, std::pair<double, double>> paper{
                {"squat", {8.30, 14.78}},           {"warm-up", {9.93, 11.11}},     {"walking", {6.42, 7.44}},
                {"walking-in-place", {5.54, 6.39}}, {"side-walking", {9.54, 7.33}}, {"backward-walking", {5.69, 6.56}},
                {"lunge", {6.71, 14.37}},           {"individual", {8.00, 9.43}}};
            const auto actions = actionsIn(sessions);
            if (actions.empty())
                throw Error("generalization: the sessions carry no action labels");
            std::string subject = p.value(subjectOpt).toStdString();
            if (subject.empty())
                for (const auto& s : sessions)
                    subject = std::max(subject, s->metadata().subjectId);
            if (subject.empty())
                throw Error("generalization: the sessions name no subject (session.json 'subject')");
            // Seen: one model on the usual 60/20/20 split; its test windows scored per action and for
            // the person held out below.
            const auto seenRun = runner.run("seen-all", split, o);
            const PoseModel& seenModel = seenRun.first;
            table.columns = {"held out", "seen MPJPE (cm)", "unseen MPJPE (cm)", "paper seen", "paper unseen"};
            QJsonObject rows;
            std::vector<std::string> names;
            std::vector<double> seenValues, unseenValues;
            const auto addRow = [&](const std::string& name, const std::vector<WindowRef>& seenTest,
                                    const std::function<bool(const Session&)>& heldOut) {
                const Evaluation seen = evaluate(seenModel, source, evenlySpaced(seenTest, runner.maxTest), 0);
                const Split held = splitHoldingOut(source, heldOut);
                const auto [unseenModel, unseen] = runner.run("unseen-" + name, held, o);
                const auto it = paper.find(name);
                table.rows.push_back({name, num(seen.mpjpe_cm), num(unseen.mpjpe_cm),
                                      it != paper.end() ? num(it->second.first) : "-",
                                      it != paper.end() ? num(it->second.second) : "-"});
                rows[QString::fromStdString(name)] = QJsonObject{{"seen", seen.toJson()}, {"unseen", unseen.toJson()}};
                names.push_back(name);
                seenValues.push_back(seen.mpjpe_cm);
                unseenValues.push_back(unseen.mpjpe_cm);
            };
            for (const auto& action : actions) {
                std::vector<WindowRef> seenTest;
                for (const auto& w : split.test)
                    if (source.action(w) == action)
                        seenTest.push_back(w);
                addRow(action, seenTest, [&](const Session& s) { return dominantAction(s) == action; });
            }
            std::vector<WindowRef> subjectTest;
            for (const auto& w : split.test)
                if (source.session(w.session).metadata().subjectId == subject)
                    subjectTest.push_back(w);
            addRow("individual", subjectTest, [&](const Session& s) { return s.metadata().subjectId == subject; });
            results["runs"] = rows;
            results["held_out_subject"] = QString::fromStdString(subject);
            std::size_t worse = 0;
            for (std::size_t i = 0; i < names.size(); ++i)
                worse += unseenValues[i] > seenValues[i];
            verdicts.push_back(
                "Unseen worse than seen for " + std::to_string(worse) + " of " + std::to_string(names.size()) +
                " rows (the paper: 7 of 8; side walking was the exception there). 'individual' holds out " + subject +
                ".");
            writeBarChartPng(dir / "table.png", "Generalisation: seen vs unseen test MPJPE", names,
                             {{"seen", seenValues}, {"unseen", unseenValues}}, "cm");
        } else { // action-probe
            const auto actions = actionsIn(sessions);
            ProbeOptions po;
            po.epochs = int(*probeEpochs);
            po.seed = o.seed;
            ActionProbe probe(*probed, actions, po);
            out << "probing " << probe.featureSize() << " pooled encoder features for " << actions.size()
                << " actions\n";
            probe.train(source, split.train, [&](int e, int n, double loss) {
                std::fprintf(stderr, "\rprobe epoch %d/%d  loss %.4f   ", e, n, loss);
                std::fflush(stderr);
            });
            std::fprintf(stderr, "\n");
            const ProbeResult r = probe.evaluate(source, evenlySpaced(split.test, runner.maxTest));
            writeProbeReport(dir, r);
            const std::map<std::string, double> paper{
                {"squat", 98.68},        {"warm-up", 99.30},          {"walking", 88.43}, {"walking-in-place", 99.84},
                {"side-walking", 96.83}, {"backward-walking", 97.19}, {"lunge", 98.35}};
            table.columns = {"action", "accuracy (%)", "paper (%)"};
            for (std::size_t a = 0; a < actions.size(); ++a)
                table.rows.push_back({actions[a], num(100 * r.perActionAccuracy[a]),
                                      paper.count(actions[a]) ? num(paper.at(actions[a])) : "-"});
            table.rows.push_back({"mean", num(100 * r.meanAccuracy), "96.88"});
            results["probe"] = r.toJson();
            results["model"] = p.value(modelOpt);
            verdicts.push_back("Probe on the frozen encoders of " + p.value(modelOpt).toStdString() + " (" +
                               std::to_string(probe.featureSize()) + " features), " + std::to_string(po.epochs) +
                               " epochs of Adam on at most " + std::to_string(po.maxTrainWindows) +
                               " training windows; " + std::to_string(r.windows) + " test windows.");
        }
        const std::string titles[] = {"Loss ablation", "Resolution ablation", "Generalisation", "Action probe"};
        writeTable(dir, titles[kinds.indexOf(pos[0])], budget, table, verdicts);
        results["seconds"] = clock.elapsed() / 1000.0;
        writeJsonAtomically(dir / "results.json", results);
        std::ifstream md(dir / "table.md");
        out << "\n" << QString::fromStdString(std::string(std::istreambuf_iterator<char>(md), {}));
        out << "wrote " << QString::fromStdString(dir.string()) << "/table.{md,csv,png} and results.json in "
            << clock.elapsed() / 60000.0 << " min\n";
        return 0;
    } catch (const Error& e) {
        err << "insolepose experiment: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) { // e.g. a file system error: a message and exit 1, never an abort
        err << "insolepose experiment: " << e.what() << "\n";
        return 1;
    }
}

} // namespace insolepose::cli
