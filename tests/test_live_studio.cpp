// The studio's live mode as a new user meets it (under xvfb-run, against the real simulator
// process): no review data (time, label, MPJPE, session video, timeline) stays on screen, the
// ground-truth row shows the link health and the timeline the live load history, the pose's lag
// is stated for a causal and a centre model, stopping our own simulator is no crash, opening a
// session or disconnecting while recording asks first, several pairs give several skeletons (the
// caption says which stands where) and the Pair selector shows each pair's own pressure maps and
// load history, and the Connect and Record dialogs (only the chosen protocol's fields, Browse, the
// insoles' size).
#include "ConnectDialog.h"
#include "LiveController.h"
#include "PlaybackClock.h"
#include "PredictionController.h"
#include "RecordDialog.h"
#include "StudioPanels.h"
#include "StudioWindow.h"
#include "TestUtil.h"
#include "insolepose/SessionReader.h"
#include "insolepose/live/LiveGroup.h"
#include "insolepose/live/LiveSession.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/TimelineWidget.h"
#include "insolepose/widgets/VideoPanel.h"

#include "insolepose/widgets/HeatmapWidget.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace insolepose;
namespace fs = std::filesystem;

namespace {

QString demoModel() { return QStringLiteral(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt"); }

QString captionOf(SkeletonView* view)
{
    const auto* label = view->findChild<QLabel*>("captionLabel");
    return label ? label->text() : QString();
}

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

/// A simulator of synthetic motion (`seed`: its subject and motion) streaming to `port`.
void startSyntheticSimulator(QProcess& simulator, quint16 port, int seed)
{
    simulator.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    simulator.setStandardOutputFile(QProcess::nullDevice());
    simulator.start(QStringLiteral(INSOLEPOSE_CLI),
                    {"simulate", "--exit-with-parent", "--protocol", "tcp", "--port", QString::number(port), "--rate",
                     "14", "--seed", QString::number(seed)});
}

std::vector<float> loadsOf(const std::deque<std::pair<TimeNs, float>>& history)
{
    std::vector<float> out;
    for (const auto& [t, load] : history)
        out.push_back(load);
    return out;
}

} // namespace

class TestLiveStudio : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_causal; ///< An (untrained) causal model: its pose is that of the newest frame.

    /// Opens the demo session and starts the simulator with `liveModel` ("" : none bundled).
    void startLive(StudioWindow& win, const QString& liveModel)
    {
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(QStringLiteral(INSOLEPOSE_DEMO_SESSION)));
        QVERIFY(win.prediction()->setModelFile(demoModel()));
        win.live()->setLiveModelFile(liveModel);
        win.live()->setCliProgram(QStringLiteral(INSOLEPOSE_CLI));
        QVERIFY(win.live()->startSimulator(14.0));
        QVERIFY(win.live()->isLive());
    }

    /// Waits for `n` live poses on screen.
    static void waitForPoses(StudioWindow& win, int n)
    {
        QSignalSpy shown(win.live(), &LiveController::livePoseShown);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= n, 30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings(m_tmp, "test_live_studio");
        model::ModelConfig config = model::ModelConfig::lite();
        config.label = model::LabelPosition::Last;
        m_causal = m_tmp.filePath("causal.pt");
        model::PoseModel(config).save(m_causal.toStdString());
    }

    void liveModeShowsNoStaleReviewData()
    {
        StudioWindow win;
        win.resize(1440, 900);
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(QStringLiteral(INSOLEPOSE_DEMO_SESSION)));
        win.clock()->setCursor(win.clock()->start_ns() + 3 * kNsPerSecond);
        QLabel* time = win.panels()->timeLabel();
        QVERIFY(time->text().contains("MPJPE")); // review: time, label and error of the cursor
        QVERIFY(win.videoPanel()->shownFrame(0) >= 0 || win.videoPanel()->wantedFrame(0) >= 0);

        startLive(win, m_causal);
        live::LiveSession* live = win.live()->liveSession();
        QTRY_VERIFY_WITH_TIMEOUT(live->stats().received[0] > 5 && live->stats().received[1] > 5, 15000);
        // No review data: time, label, MPJPE, the session's video and timeline are gone.
        QVERIFY(!time->text().contains("MPJPE"));
        QVERIFY(!time->text().contains("squat"));
        QVERIFY(!time->text().contains("/ 105"));
        QCOMPARE(win.videoPanel()->shownFrame(0), qint64(-1));
        QVERIFY(win.videoPanel()->shownImage(0).isNull());
        QVERIFY(!win.timeline()->isVisible());
        QVERIFY(win.panels()->liveHistory()->isVisible());
        // The ground-truth row gives way to the link health.
        QVERIFY(!win.groundTruthView()->isVisible());
        QLabel* health = win.panels()->liveHealth();
        QVERIFY(health->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(health->text().contains("left insole: connected"), 5000);
        QVERIFY(health->text().contains("right insole: connected"));
        QTRY_VERIFY_WITH_TIMEOUT(time->text().startsWith("live 0:"), 5000);
        // The load history holds the live frames' loads.
        QTRY_VERIFY_WITH_TIMEOUT(win.panels()->liveHistory()->view().second > win.panels()->liveHistory()->view().first,
                                 5000);

        // The causal model's pose is the newest frame's; caption and status bar agree on the
        // numbers they name (the last pose's, the median's).
        waitForPoses(win, 3);
        QVERIFY(win.predictionView()->hasPose());
        QVERIFY(captionOf(win.predictionView()).contains("0 frames behind"));
        QVERIFY(captionOf(win.predictionView()).contains("last pose: arrival to screen"));
        QTRY_VERIFY_WITH_TIMEOUT(win.live()->status().latency.startsWith("median of last"), 5000);
        for (const LiveDisplay::PoseTiming& t : win.live()->display().timings())
            QVERIFY(t.arrivalToScreen_ms >= t.model_ms); // the model's time is part of it

        // Live > Disconnect stops our own simulator: that is no crash.
        win.statusBar()->clearMessage();
        QVERIFY(win.live()->requestDisconnect());
        QVERIFY(!win.live()->isLive());
        QTest::qWait(1500); // results still on their way, the simulator's exit
        QVERIFY2(!win.statusBar()->currentMessage().contains("crash", Qt::CaseInsensitive),
                 qPrintable(win.statusBar()->currentMessage()));
        QVERIFY(!win.lastError().contains("crash", Qt::CaseInsensitive));
        // Review comes back, with no live caption left.
        QVERIFY(win.groundTruthView()->isVisible());
        QVERIFY(win.timeline()->isVisible());
        QVERIFY(time->text().contains("MPJPE"));
        QVERIFY(!captionOf(win.predictionView()).contains("Live"));
    }

    void centreModelStatesItsLag()
    {
        StudioWindow win;
        startLive(win, demoModel()); // the demo model predicts the window's centre frame
        QCOMPARE(win.live()->liveModel().lagFrames, 19);
        waitForPoses(win, 1);
        QVERIFY(captionOf(win.predictionView()).contains("19 frames"));
        QVERIFY(captionOf(win.predictionView()).contains("s) behind the newest"));
        QTRY_VERIFY_WITH_TIMEOUT(win.panels()->liveHealth()->text().contains("lite-demo, pose 19 frames"), 5000);
        win.live()->disconnectLive();
    }

    void noLiveModelFallsBackAndSaysSo()
    {
        StudioWindow win;
        startLive(win, QString()); // no causal model bundled
        QCOMPARE(win.live()->liveModel().name, QStringLiteral("lite-demo"));
        QVERIFY(win.live()->liveModel().note.contains("using the review model"));
        QTRY_VERIFY_WITH_TIMEOUT(win.panels()->liveHealth()->text().contains("using the review model"), 5000);
        win.live()->disconnectLive();
    }

    void openingASessionWhileLiveAsks()
    {
        StudioWindow win;
        startLive(win, m_causal);
        waitForPoses(win, 1);
        QStringList asked;
        win.live()->setQuestion([&](const QString&, const QString& text) {
            asked << text;
            return false;
        });
        QVERIFY(!win.openSession(QStringLiteral(INSOLEPOSE_DEMO_SESSION)));
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked[0].contains("ends live mode"));
        QVERIFY(win.live()->isLive()); // the answer was no: still live

        win.live()->setQuestion([&](const QString&, const QString& text) {
            asked << text;
            return true;
        });
        QVERIFY(win.openSession(QStringLiteral(INSOLEPOSE_DEMO_SESSION)));
        QCOMPARE(asked.size(), 2);
        QVERIFY(!win.live()->isLive());
        QTest::qWait(1000);
        QVERIFY(!captionOf(win.predictionView()).contains("Live")); // no old live caption
        QVERIFY(win.panels()->timeLabel()->text().contains("MPJPE"));
    }

    void disconnectWhileRecordingAsks()
    {
        StudioWindow win;
        startLive(win, m_causal);
        live::LiveSession* live = win.live()->liveSession();
        QTRY_VERIFY_WITH_TIMEOUT(live->stats().received[0] > 3, 15000);
        const fs::path rec = fs::path(m_tmp.path().toStdString()) / "recording-disconnect";
        SessionMetadata meta;
        meta.id = "recording-disconnect";
        QVERIFY(live->startRecording(rec, meta));
        QTRY_VERIFY_WITH_TIMEOUT(live->stats().recorded[Foot::Left] > 3, 10000);
        int asked = 0;
        win.live()->setQuestion([&](const QString&, const QString& text) {
            ++asked;
            return !text.contains("Recording to") ? true : asked > 1;
        });
        QVERIFY(!win.live()->requestDisconnect()); // first answer: no
        QVERIFY(win.live()->isLive() && win.live()->isRecording());
        QVERIFY(win.live()->requestDisconnect());
        QCOMPARE(asked, 2);
        QVERIFY(!win.live()->isLive());
        const Session recorded = openSession(rec); // closed cleanly
        QVERIFY(recorded.tactile(Foot::Left).size() > 0);
    }

    void twoPairsTwoSkeletons()
    {
        StudioWindow win;
        startLive(win, m_causal);
        QVERIFY(win.live()->startSimulator(14.0)); // while live: a second pair
        QCOMPARE(win.live()->pairCount(), 2);
        live::LiveGroup* group = win.live()->liveGroup();
        QTRY_VERIFY_WITH_TIMEOUT(group->pair(0)->stats().predictions > 0 && group->pair(1)->stats().predictions > 0,
                                 30000);
        QTRY_VERIFY_WITH_TIMEOUT(win.panels()->liveHealth()->text().contains("Pair 2:"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(win.predictionView()->extraPoseCount(), 1, 5000);
        win.live()->disconnectLive();
        QCOMPARE(win.predictionView()->extraPoseCount(), 0);
    }

    void twoPairsShowEachPairsOwnPressure()
    {
        StudioWindow win;
        win.resize(1440, 900);
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        win.live()->setLiveModelFile(m_causal);
        // Two simulators of different people (synthetic motion, seeds 7 and 1234), one pair each.
        const quint16 port1 = freePort(), port2 = freePort();
        QVERIFY(port1 > 0 && port2 > 0 && port1 != port2);
        QProcess sim1, sim2;
        const auto stopSimulators = qScopeGuard([&] {
            for (QProcess* sim : {&sim1, &sim2}) {
                sim->kill();
                sim->waitForFinished(2000);
            }
        });
        QVERIFY(win.live()->connectLive(QStringLiteral("tcp://127.0.0.1:%1").arg(port1)));
        startSyntheticSimulator(sim1, port1, 7);
        auto* bar = win.findChild<QWidget*>("livePairBar");
        auto* selector = win.findChild<QComboBox*>("livePairSelector");
        QVERIFY(bar && selector);
        QVERIFY(!bar->isVisible()); // one pair: nothing to choose
        QVERIFY(win.live()->connectLive(QStringLiteral("tcp://127.0.0.1:%1").arg(port2)));
        startSyntheticSimulator(sim2, port2, 1234);
        QCOMPARE(win.live()->pairCount(), 2);
        QVERIFY(bar->isVisible());
        QCOMPARE(selector->count(), 2);
        QVERIFY(selector->itemText(1).contains(QString::number(port2)));
        const LiveDisplay& display = win.live()->display();
        QCOMPARE(display.shownPair(), 0);

        // Both pairs' loads are kept while pair 1 is shown: a few seconds of each.
        live::LiveGroup* group = win.live()->liveGroup();
        auto seconds = [&](int pair) {
            const auto& h = display.loadHistory(pair, Foot::Left);
            return h.empty() ? 0.0 : double(h.back().first - h.front().first) / 1e9;
        };
        QTRY_VERIFY_WITH_TIMEOUT(seconds(0) > 3 && seconds(1) > 3, 30000);
        for (int pair : {0, 1})
            for (Foot foot : kFeet) {
                // The newest entry of a pair's history is the load of that pair's newest frame.
                const auto& history = display.loadHistory(pair, foot);
                const TactileFrame* newest = group->pair(pair)->latest(foot);
                QVERIFY(newest && !history.empty());
                QCOMPARE(history.back().first, newest->hostTime_ns);
                const std::vector<float> values = group->pair(pair)->latestNormalized(foot);
                QCOMPARE(history.back().second, float(pressureStats(values, newest->grid).load));
                QCOMPARE(display.latestFrame(pair, foot), values);
            }
        QVERIFY(loadsOf(display.loadHistory(0, Foot::Left)) != loadsOf(display.loadHistory(1, Foot::Left)));
        QVERIFY(display.latestFrame(0, Foot::Left) != display.latestFrame(1, Foot::Left));

        // The event loop is held from here: no new frame reaches the maps while they are compared.
        HeatmapWidget* left = win.panels()->heatmap(Foot::Left);
        HeatmapWidget* right = win.panels()->heatmap(Foot::Right);
        const QImage left1 = left->grab().toImage(), right1 = right->grab().toImage();

        selector->setCurrentIndex(1); // the user picks pair 2
        QCOMPARE(display.shownPair(), 1);
        QCOMPARE(display.historyCurves().size(), std::size_t(2));
        const QImage left2 = left->grab().toImage(), right2 = right->grab().toImage();
        QVERIFY(left2 != left1);
        QVERIFY(right2 != right1);
        // The load history switches at once to pair 2's last seconds, named as pair 2's.
        QCOMPARE(display.historyCurves()[0].values, loadsOf(display.loadHistory(1, Foot::Left)));
        QCOMPARE(display.historyCurves()[1].values, loadsOf(display.loadHistory(1, Foot::Right)));
        QVERIFY(display.historyCurves()[0].name.contains("pair 2"));
        QVERIFY(display.historyCurves()[0].times.back() - display.historyCurves()[0].times.front() > 3 * kNsPerSecond);

        selector->setCurrentIndex(0); // back to pair 1: its maps exactly as before
        QCOMPARE(display.shownPair(), 0);
        QCOMPARE(left->grab().toImage(), left1);
        QCOMPARE(right->grab().toImage(), right1);
        QCOMPARE(display.historyCurves()[0].values, loadsOf(display.loadHistory(0, Foot::Left)));

        // Pair 2 stays shown while both stream: its maps follow its own new frames.
        selector->setCurrentIndex(1);
        const TimeNs before = display.loadHistory(1, Foot::Left).back().first;
        QTRY_VERIFY_WITH_TIMEOUT(display.loadHistory(1, Foot::Left).back().first > before, 5000);
        QCOMPARE(display.shownPair(), 1);
        QCOMPARE(display.latestFrame(1, Foot::Left), group->pair(1)->latestNormalized(Foot::Left));

        // The skeletons look alike: the caption says where pair 2 stands.
        QTRY_VERIFY_WITH_TIMEOUT(captionOf(win.predictionView()).contains("pair 2 stands 1.0 m at pair 1's right hand"),
                                 5000);
        win.live()->disconnectLive();
        QVERIFY(!bar->isVisible());
    }

    void connectDialogShowsOnlyTheChosenProtocol()
    {
        ConnectDialog dialog(nullptr, InsoleSize::Large);
        dialog.show();
        QVERIFY(dialog.isFieldShown("address") && dialog.isFieldShown("port"));
        QVERIFY(!dialog.isFieldShown("serialPort") && !dialog.isFieldShown("replayFolder"));
        QVERIFY(!dialog.isFieldShown("sender"));
        QCOMPARE(dialog.url(), QStringLiteral("tcp://0.0.0.0:7000"));
        QCOMPARE(dialog.insoleSize(), InsoleSize::Large);
        dialog.setProtocol("serial");
        QVERIFY(dialog.isFieldShown("serialPort") && dialog.isFieldShown("foot"));
        QVERIFY(!dialog.isFieldShown("address") && !dialog.isFieldShown("port"));
        QCOMPARE(dialog.url(), QStringLiteral("serial:///dev/ttyUSB0?foot=left"));
        dialog.setProtocol("replay");
        QVERIFY(dialog.isFieldShown("replayFolder"));
        QVERIFY(!dialog.isFieldShown("serialPort"));
        dialog.setProtocol("udp");
        QVERIFY(dialog.isFieldShown("sender") && dialog.isFieldShown("port"));
    }

    void recordDialogBrowseFillsTheFolder()
    {
        RecordDialog dialog(nullptr, InsoleSize::Large);
        const QString name = QFileInfo(dialog.folder()).fileName();
        const QString chosen = m_tmp.filePath("chosen");
        QString startedAt;
        dialog.setFolderQuestion([&](const QString& start) {
            startedAt = start;
            return chosen;
        });
        auto* browse = dialog.findChild<QPushButton*>("browse");
        QVERIFY(browse);
        QTest::mouseClick(browse, Qt::LeftButton);
        QCOMPARE(dialog.folder(), chosen + "/" + name); // the recording's own name is kept
        QVERIFY(!startedAt.isEmpty());
        // The insoles' size comes from the connection, not always "small".
        QCOMPARE(dialog.metadata().insoles[Foot::Left].size, InsoleSize::Large);
        dialog.setFolderQuestion([](const QString&) { return QString(); }); // cancelled: unchanged
        QTest::mouseClick(browse, Qt::LeftButton);
        QCOMPARE(dialog.folder(), chosen + "/" + name);
    }
};

int main(int argc, char** argv)
{
    SkeletonView::prepareDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestLiveStudio t;
    return QTest::qExec(&t, argc, argv);
}
#include "test_live_studio.moc"
