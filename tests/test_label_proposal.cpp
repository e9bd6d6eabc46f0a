// Model-proposed labels: smoothing of per-window predictions, the action probe saved and loaded,
// proposals on a labelled synthetic session measured against its true labels, and labels feeding
// the model (model-proposed tracks are never ground truth; edits to labels.json are what counts).
#include "insolepose/Error.h"
#include "insolepose/LabelAgreement.h"
#include "insolepose/LabelStore.h"
#include "insolepose/SessionReader.h"
#include "insolepose/model/LabelProposal.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/TactileWindows.h"
#include "insolepose/synth/SynthDataset.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace insolepose;
using namespace insolepose::model;
namespace fs = std::filesystem;

namespace {
constexpr TimeNs kS = 1'000'000'000;
const fs::path kModel = INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt";

WindowPrediction predict(TimeNs t, std::size_t label, float p)
{
    WindowPrediction w{t, std::vector<float>(3, (1.0f - p) / 2.0f)};
    w.probabilities[label] = p;
    return w;
}
} // namespace

class TestLabelProposal : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path m_data;

private Q_SLOTS:
    void initTestCase()
    {
        PoseModel::setThreads(2);
        synth::SynthOptions o;
        o.subjects = 2; // S01 trains the probe, S02 is labelled by it
        o.mixed = true;
        o.minutesPerAction = 0.25;
        o.video = false;
        o.seed = 5;
        m_data = m_tmp.filePath("data").toStdString();
        synth::writeSynthDataset(m_data, o);
    }

    void smoothingRemovesFlickerAndShortRuns()
    {
        // 20 windows, 1 s apart: 0..9 label 0 with a one-window flicker to 1 at t = 4 s; 10..19 label 2
        // with a three-window run of 1 at 14..16 s (longer than the majority of 3 can remove).
        std::vector<WindowPrediction> p;
        for (int i = 0; i < 20; ++i) {
            std::size_t label = i < 10 ? 0 : 2;
            if (i == 4 || (i >= 14 && i <= 16))
                label = 1;
            p.push_back(predict(i * kS, label, i == 4 ? 0.5f : 0.9f));
        }
        ProposalOptions o;
        o.majorityWindows = 3;
        o.minSegment_ns = 0;
        LabelTrack t = segmentPredictions(p, {"a", "b", "c"}, 20 * kS, o);
        QCOMPARE(t.source(), std::string(kModelSource));
        QCOMPARE(t.name(), std::string("model-proposed"));
        QCOMPARE(t.segments().size(), std::size_t(4)); // a [0,10) c [10,14) b [14,17) c [17,20)
        QCOMPARE(t.segments()[0].end_ns, 10 * kS);
        QCOMPARE(t.segments()[2].label, std::string("b"));
        // Confidence: mean probability of "a" over windows 0..9 = (9 * 0.9 + 0.25) / 10 (window 4 said b at 0.5).
        QVERIFY(std::abs(*t.segments()[0].confidence - (9 * 0.9 + 0.25) / 10) < 1e-6);
        // With a 4 s minimum the 3 s run of b joins its longer neighbour: a [0,10), c [10,20).
        o.minSegment_ns = 4 * kS;
        t = segmentPredictions(p, {"a", "b", "c"}, 20 * kS, o);
        QCOMPARE(t.segments().size(), std::size_t(2));
        QCOMPARE(t.segments()[1].start_ns, 10 * kS);
        QCOMPARE(t.segments()[1].end_ns, 20 * kS);
        QCOMPARE(t.segments()[1].label, std::string("c"));
    }

    /// The demo model's bundled probe (resources/models/lite-demo.pt.probe.pt) labels a subject it
    /// never saw, as Labels > Propose labels does on the demo with no training first.
    void bundledProbeLabelsAnUnseenSubject()
    {
        QVERIFY(fs::exists(probePathFor(kModel)));
        const Session session = openSession(m_data / "S02-mixed");
        const LabelTrack proposal = proposeLabels(session, kModel);
        QVERIFY(proposal.isModelProposed());
        const LabelTrack& truth = session.labelTracks().front();
        const double accuracy = frameAccuracy(proposal, truth, agreementFrameTimes(session, truth, proposal));
        qInfo("frame accuracy of the bundled probe on an unseen synthetic subject: %.1f %%", accuracy * 100);
        QVERIFY2(accuracy > 0.6, qPrintable(QString::number(accuracy))); // chance: 1/7
    }

    void proposesLabelsCloseToTheTruth()
    {
        const Session train = openSession(m_data / "S01-mixed");
        const fs::path probeFile = m_tmp.filePath("probe.pt").toStdString();
        // Train a probe of our own (never written under resources/, where the bundled one lives).
        QCOMPARE(probePathFor(kModel).filename().string(), std::string("lite-demo.pt.probe.pt"));
        ProbeOptions po;
        po.epochs = 15;
        const ProbeResult trained = trainAndSaveProbe(PoseModel::load(kModel), {&train}, probeFile, po);
        QCOMPARE(trained.actions.size(), std::size_t(7));
        QVERIFY2(trained.accuracy > 0.5, qPrintable(QString::number(trained.accuracy)));

        const fs::path target = m_data / "S02-mixed";
        const Session session = openSession(target);
        const LabelTrack proposal = proposeLabels(session, kModel, {}, probeFile);
        QVERIFY(proposal.isModelProposed());
        QVERIFY(proposal.overlaps().empty());
        QVERIFY(proposal.segments().size() >= 3);
        for (const auto& s : proposal.segments())
            QVERIFY(s.confidence && *s.confidence >= 0 && *s.confidence <= 1);
        const LabelTrack& truth = session.labelTracks().front();
        const double accuracy = frameAccuracy(proposal, truth, agreementFrameTimes(session, truth, proposal));
        qInfo("frame accuracy of the proposal on an unseen synthetic subject: %.1f %%", accuracy * 100);
        QVERIFY2(accuracy > 0.5, qPrintable(QString::number(accuracy))); // chance: 1/7

        // Saved beside the manual labels, it is never ground truth for the model.
        LabelStore store(target);
        auto tracks = store.load(nullptr);
        tracks.push_back(proposal);
        store.save(tracks);
        const Session withProposal = openSession(target);
        QCOMPARE(withProposal.labelTracks().size(), std::size_t(2));
        WindowSource source(PoseModel::load(kModel).config());
        source.addSession(withProposal);
        const auto windows = source.groundTruthWindows(0);
        std::size_t differs = 0;
        for (const auto& w : windows) {
            QCOMPARE(source.action(w), truth.at(w.time_ns) ? truth.at(w.time_ns)->label : std::string());
            const LabelSegment* p = proposal.at(w.time_ns);
            differs += p && truth.at(w.time_ns) && p->label != truth.at(w.time_ns)->label;
        }
        QVERIFY(differs > 0); // the proposal differs somewhere, so the check above means something
        const WindowRef middle = windows[windows.size() / 2];
        source.setLabelTrack("actions"); // evaluate --label-track actions
        QCOMPARE(source.action(middle), truth.at(middle.time_ns)->label);
        source.setLabelTrack("model-proposed"); // a model track is not ground truth even when named
        QCOMPARE(source.action(middle), std::string());
    }

    void editedLabelsFeedTheModel()
    {
        // evaluate/experiment read actions through WindowSource::action from the session's labels.json:
        // an edit saved there changes the per-action grouping of windows.
        const fs::path dir = m_data / "S01-mixed";
        LabelStore store(dir);
        auto tracks = store.load(nullptr);
        const LabelSegment first = tracks[0].segments()[0];
        tracks[0].replace(0, [&] {
            LabelSegment s = first;
            s.label = "lunge";
            return s;
        }());
        store.save(tracks);
        const Session s = openSession(dir);
        WindowSource source(PoseModel::load(kModel).config());
        source.addSession(s);
        const auto w = source.at(0, (first.start_ns + first.end_ns) / 2);
        QVERIFY(w);
        QCOMPARE(source.action(*w), std::string("lunge"));
        QCOMPARE(first.label, std::string("squat"));
    }
};

QTEST_GUILESS_MAIN(TestLabelProposal)
#include "test_label_proposal.moc"
