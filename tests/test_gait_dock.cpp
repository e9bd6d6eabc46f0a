// The studio's gait dock (under xvfb-run) on a copy of the demo session: the same steps as the
// core, event markers on the timeline, the phase at the cursor, a step click moving the cursor,
// the threshold setting, saving gait_events.json into the session and export. With
// INSOLEPOSE_GAIT_SCREENSHOT=FILE it also saves a picture of the dock (docs/images/gait/).
#include "GaitDock.h"
#include "PlaybackClock.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "TestUtil.h"
#include "insolepose/SessionReader.h"
#include "insolepose/analysis/Gait.h"
#include "insolepose/widgets/SkeletonView.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace insolepose;
namespace fs = std::filesystem;

class TestGaitDock : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_session;

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings(m_tmp, "test_gait_dock");
        const fs::path to = fs::path(m_tmp.path().toStdString()) / "demo";
        fs::copy(INSOLEPOSE_DEMO_SESSION, to, fs::copy_options::recursive);
        m_session = QString::fromStdString(to.string());
    }

    void dockShowsStepsPhasesAndSavesEvents()
    {
        StudioWindow win;
        win.resize(1500, 1000);
        win.show();
        GaitDock* dock = win.gait();
        QVERIFY(win.openSession(m_session));
        QVERIFY(dock->analysis());
        const analysis::GaitAnalysis core = analysis::analyzeGait(*win.review()->session());
        QCOMPARE(dock->analysis()->steps.size(), core.steps.size());
        QVERIFY(core.session.totalSteps > 20);
        QCOMPARE(dock->stepsTable()->rowCount(), int(core.steps.size()));
        QCOMPARE(dock->markerCount(), core.events.size());
        QVERIFY(dock->summaryText().contains(QString::number(core.session.totalSteps)));
        QVERIFY(dock->chartBox()->count() >= 6);

        // A step click moves the cursor to its heel strike; mid-stance that foot is in stance.
        std::size_t row = 0;
        while (!core.steps[row].complete)
            ++row;
        const analysis::GaitStep& step = core.steps[row];
        dock->stepsTable()->cellClicked(int(row), 0);
        QCOMPARE(win.clock()->cursor_ns(), secondsToNs(step.heelStrike_s));
        win.clock()->setCursor(secondsToNs(step.heelStrike_s + 0.5 * step.stance_s));
        const QString foot = step.foot == Foot::Left ? "left stance" : "right stance";
        QVERIFY2(dock->phaseText().contains(foot), qPrintable(dock->phaseText()));
        // With the dock shown, the skeletons' feet show the contact.
        QVERIFY(!win.groundTruthView()->footContacts());
        dock->dock()->show();
        QTRY_VERIFY(win.groundTruthView()->footContacts().has_value());
        QVERIFY((*win.groundTruthView()->footContacts())[std::size_t(step.foot)]);
        QVERIFY((*win.predictionView()->footContacts())[std::size_t(step.foot)]);

        if (const QByteArray shot = qgetenv("INSOLEPOSE_GAIT_SCREENSHOT"); !shot.isEmpty()) {
            dock->dock()->show();
            dock->dock()->setFloating(true);
            dock->dock()->resize(720, 900);
            dock->chartBox()->setCurrentIndex(1);
            QTest::qWait(200);
            QVERIFY(dock->dock()->grab().save(QString::fromLocal8Bit(shot)));
        }

        // A higher threshold is a new analysis; events can be saved into the session and exported.
        QSignalSpy updated(dock, &GaitDock::updated);
        dock->setThreshold(0.2);
        QCOMPARE(updated.count(), 1);
        QVERIFY(dock->saveEvents());
        const auto saved = analysis::readGaitEvents(fs::path(m_session.toStdString()) / analysis::kGaitEventsFile);
        QCOMPARE(saved, dock->analysis()->events);
        const QString out = m_tmp.filePath("export");
        QVERIFY(dock->exportTo(out));
        for (const char* f : {"steps.csv", "summary.json", "report.pdf", "stance_curves.png"})
            QVERIFY2(QFile::exists(out + "/" + f), f);
    }
};

int main(int argc, char** argv)
{
    SkeletonView::prepareDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestGaitDock t;
    return QTest::qExec(&t, argc, argv);
}
#include "test_gait_dock.moc"
