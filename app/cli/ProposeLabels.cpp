// insolepose propose-labels: the model's action probe labels a session; the proposal is saved as a
// label track with source "model" (never ground truth) through LabelStore (docs/LABELS.md).
#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/LabelAgreement.h"
#include "insolepose/LabelStore.h"
#include "insolepose/SessionReader.h"
#include "insolepose/model/LabelProposal.h"
#include "insolepose/model/TrainingRun.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace insolepose::cli {

namespace {

/// Replaces (or appends) the proposed track. A manual track of the same name is never overwritten.
std::vector<LabelTrack> withProposal(std::vector<LabelTrack> tracks, LabelTrack proposal)
{
    auto it =
        std::find_if(tracks.begin(), tracks.end(), [&](const LabelTrack& t) { return t.name() == proposal.name(); });
    if (it == tracks.end()) {
        tracks.push_back(std::move(proposal));
    } else if (!it->isModelProposed() || it->locked()) {
        throw Error("the session already has a " + std::string(it->locked() ? "locked" : "manual") + " label track '" +
                    it->name() + "'; name the proposal with --track NAME");
    } else {
        *it = std::move(proposal);
    }
    return tracks;
}

} // namespace

int runProposeLabels(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Propose action labels for a session with a model's action probe; saved as a "
                                "label track with source \"model\".");
    const QCommandLineOption modelOpt("model", "Model file.", "FILE");
    const QCommandLineOption trackOpt("track", "Name of the proposed track (default model-proposed).", "NAME",
                                      "model-proposed");
    const QCommandLineOption probeOpt("probe", "The action probe (default MODEL.probe.pt).", "FILE");
    const QCommandLineOption trainOpt("train-probe", "First train the probe on these labelled sessions and save it.",
                                      "DATA");
    const QCommandLineOption epochsOpt("probe-epochs", "Epochs of the probe's training (default 30).", "N", "30");
    const QCommandLineOption minOpt("min-segment", "Shortest proposed segment in seconds (default 2).", "SEC", "2");
    p.addOptions({modelOpt, trackOpt, probeOpt, trainOpt, epochsOpt, minOpt});
    p.addPositionalArgument("session", "Session folder.");
    int rc = 0;
    if (!parseCommand(p, args, "propose-labels", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (p.positionalArguments().size() != 1 || !p.isSet(modelOpt)) {
        err << "insolepose propose-labels: expected SESSION --model FILE\n";
        return 2;
    }
    const auto epochs = integerOption(p, epochsOpt, 1, 100000, "propose-labels");
    const auto minSegment = numberOption(p, minOpt, 0, 1e6, "propose-labels");
    if (!epochs || !minSegment)
        return 2;
    try {
        const std::filesystem::path modelFile = p.value(modelOpt).toStdString();
        const std::filesystem::path probeFile =
            p.isSet(probeOpt) ? std::filesystem::path(p.value(probeOpt).toStdString()) : model::probePathFor(modelFile);
        const model::PoseModel poseModel = model::PoseModel::load(modelFile);
        if (p.isSet(trainOpt)) {
            const auto sessions = model::loadSessions(p.value(trainOpt).toStdString());
            std::vector<const Session*> raw;
            for (const auto& s : sessions)
                raw.push_back(s.get());
            model::ProbeOptions po;
            po.epochs = int(*epochs);
            const auto r = model::trainAndSaveProbe(poseModel, raw, probeFile, po);
            out << "trained the action probe on " << r.windows << " windows (accuracy " << r.accuracy * 100
                << " %); saved " << QString::fromStdString(probeFile.string()) << "\n";
        }
        if (!std::filesystem::exists(probeFile))
            throw Error(modelFile.string() + ": the model has no action probe (" + probeFile.string() +
                        "); train one with --train-probe DATA (labelled sessions)");
        const Session session = openSession(p.positionalArguments().front().toStdString());
        model::ProposalOptions options;
        options.trackName = p.value(trackOpt).toStdString();
        options.minSegment_ns = TimeNs(std::llround(*minSegment * 1e9));
        const LabelTrack proposal =
            model::proposeLabels(session, poseModel, *model::ActionProbe::load(poseModel, probeFile), options);
        LabelStore store(session.path());
        std::vector<std::string> warnings;
        store.save(withProposal(store.load(&warnings), proposal));
        out << "proposed " << proposal.segments().size() << " segments as track '"
            << QString::fromStdString(proposal.name()) << "' in " << QString::fromStdString(store.labelsPath().string())
            << "\n";
        const auto truth = groundTruthTracks(session.labelTracks());
        if (!truth.empty()) {
            const auto frames = agreementFrameTimes(session, *truth.front(), proposal);
            out << "frame accuracy against track '" << QString::fromStdString(truth.front()->name())
                << "': " << model::frameAccuracy(proposal, *truth.front(), frames) * 100 << " %\n";
        }
        return 0;
    } catch (const Error& e) {
        err << "insolepose propose-labels: " << e.what() << "\n";
        return 1;
    }
}

} // namespace insolepose::cli
