#include "insolepose/Calibration.h"
#include "insolepose/Error.h"
#include "insolepose/Labels.h"
#include "insolepose/Tactile.h"

#include <QJsonArray>

#include <QTest>
#include <cmath>

using namespace insolepose;

class TestTactile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pressureStatsKnownFrame()
    {
        std::vector<float> v(660, 0.0f);
        v[std::size_t(2 * 22 + 4)] = 1.0f; // row 2, col 4
        v[std::size_t(10 * 22 + 8)] = 3.0f; // row 10, col 8
        v[std::size_t(20 * 22 + 1)] = 0.01f; // below the contact threshold
        v[std::size_t(25 * 22 + 1)] = std::nanf("");
        const PressureStats s = pressureStats(v, kModelGrid);
        QCOMPARE(s.contactTaxels, std::size_t(2));
        QVERIFY(std::abs(s.load - 4.01) < 1e-6);
        QVERIFY(s.hasCentre);
        QVERIFY(std::abs(s.centreRow - (2.5 * 1 + 10.5 * 3 + 20.5 * 0.01) / 4.01) < 1e-6);
        QVERIFY(std::abs(s.centreCol - (4.5 * 1 + 8.5 * 3 + 1.5 * 0.01) / 4.01) < 1e-6);
        QVERIFY(!pressureStats(std::vector<float>(660, 0.0f), kModelGrid).hasCentre);
        QVERIFY_THROWS_EXCEPTION(FormatError, pressureStats(std::vector<float>(10, 0.0f), kModelGrid));
    }

    void largeInsoleIsPaddedBottomRight()
    {
        std::vector<std::uint16_t> raw(29 * 21);
        for (std::size_t i = 0; i < raw.size(); ++i)
            raw[i] = std::uint16_t(1 + i % 4000);
        const auto padded = toModelGrid(raw, kLargeInsoleGrid);
        QCOMPARE(padded.size(), std::size_t(660));
        QCOMPARE(padded[0], raw[0]);
        QCOMPARE(padded[22 + 20], raw[21 + 20]); // row 1, col 20
        QCOMPARE(padded[21], std::uint16_t(0)); // padded column
        QCOMPARE(padded[29 * 22 + 5], std::uint16_t(0)); // padded row
        const auto mask = liveTaxelMask(kLargeInsoleGrid);
        QCOMPARE(std::count(mask.begin(), mask.end(), 1), std::ptrdiff_t(29 * 21));
    }
    void wrongGridSizeIsRejected()
    {
        std::vector<std::uint16_t> raw(100);
        try {
            toModelGrid(raw, kSmallInsoleGrid);
            QFAIL("expected an error");
        } catch (const FormatError& e) {
            QVERIFY(QString(e.what()).contains("100 readings"));
        }
        std::vector<std::uint16_t> hot(660, 5000);
        QVERIFY_THROWS_EXCEPTION(FormatError, toModelGrid(hot, kSmallInsoleGrid));
    }
    void minMaxNormalizesAndClips()
    {
        const Calibration c = Calibration::minMax(2929, 3051);
        std::vector<std::uint16_t> raw(660, 2929);
        raw[1] = 3051;
        raw[2] = 2990;
        raw[3] = 100; // below range
        raw[4] = 4095; // above range
        const auto n = c.normalize(raw);
        QCOMPARE(n[0], 0.0f);
        QCOMPARE(n[1], 1.0f);
        QVERIFY(std::abs(n[2] - 61.0f / 122.0f) < 1e-6f);
        QCOMPARE(n[3], 0.0f);
        QCOMPARE(n[4], 1.0f);
    }
    void perTaxelBaselineAndBadTaxels()
    {
        std::vector<float> base(660, 1000.0f);
        base[7] = 2000.0f;
        Calibration c = Calibration::perTaxel(base, 500.0f);
        std::vector<std::uint8_t> bad(660, 0);
        bad[9] = 1;
        c.setBadTaxels(bad);
        std::vector<std::uint16_t> raw(660, 1250);
        raw[7] = 2250;
        raw[9] = 4000;
        const auto n = c.normalize(raw);
        QVERIFY(std::abs(n[0] - 0.5f) < 1e-6f);
        QVERIFY(std::abs(n[7] - 0.5f) < 1e-6f);
        QCOMPARE(n[9], 0.0f); // a dead taxel reads nothing
        QVERIFY_THROWS_EXCEPTION(FormatError, Calibration::perTaxel(std::vector<float>(10), 1.0f));
        QVERIFY_THROWS_EXCEPTION(FormatError, Calibration::minMax(5, 5));
        QVERIFY_THROWS_EXCEPTION(FormatError, c.normalize(std::vector<std::uint16_t>(659)));
    }
    void calibrationJsonRoundTrip()
    {
        Calibration a = Calibration::perTaxel(std::vector<float>(660, 3.5f), 120.0f);
        std::vector<std::uint8_t> bad(660, 0);
        bad[42] = 1;
        a.setBadTaxels(bad);
        QCOMPARE(Calibration::fromJson(a.toJson()), a);
        const Calibration b = Calibration::minMax(2915, 3077);
        QCOMPARE(Calibration::fromJson(b.toJson()), b);
    }
    void calibrationJsonErrorsNameTheField()
    {
        try {
            Calibration::fromJson(QJsonObject{{"mode", "min_max"}, {"min_adc", 3}});
            QFAIL("expected an error");
        } catch (const FormatError& e) {
            QVERIFY(QString(e.what()).contains("max_adc"));
        }
        try {
            Calibration::fromJson(QJsonObject{{"mode", "banana"}});
            QFAIL("expected an error");
        } catch (const FormatError& e) {
            QVERIFY(QString(e.what()).contains("banana"));
        }
        QVERIFY_THROWS_EXCEPTION(
            FormatError, Calibration::fromJson(QJsonObject{
                             {"mode", "min_max"}, {"min_adc", 0}, {"max_adc", 9}, {"bad_taxels", QJsonArray{700}}}));
    }
    void labelTrackKeepsOrderAndValidates()
    {
        LabelTrack t;
        QCOMPARE(t.vocabulary().size(), std::size_t(7));
        t.add({200, 300, "lunge", "ann", ""});
        t.add({0, 100, "squat", "ann", "first"});
        QCOMPARE(t.segments().front().label, std::string("squat"));
        QCOMPARE(t.at(50)->label, std::string("squat"));
        QVERIFY(t.at(100) == nullptr); // end is exclusive
        QCOMPARE(t.at(299)->label, std::string("lunge"));
        QVERIFY_THROWS_EXCEPTION(Error, t.add({10, 10, "squat", "", ""}));
        QVERIFY_THROWS_EXCEPTION(Error, t.add({10, 20, "dance", "", ""}));
        std::vector<std::string> warnings;
        QCOMPARE(LabelTrack::fromJson(t.toJson(), &warnings), t);
        QVERIFY(warnings.empty());
        QVERIFY(t.removeAt(0));
        QCOMPARE(t.segments().size(), std::size_t(1));
    }
    void hugeCalibrationGridIsRejectedWithItsSize()
    {
        // 100000 x 100000 cells used to overflow 32 bits ("grid needs 1410065408").
        try {
            Calibration::fromJson(
                QJsonObject{{"mode", "min_max"}, {"min_adc", 0}, {"max_adc", 9}, {"grid", QJsonArray{100000, 100000}}});
            QFAIL("a 100000 x 100000 grid was accepted");
        } catch (const FormatError& e) {
            const QString m = QString::fromUtf8(e.what());
            QVERIFY2(m.contains("'grid'") && m.contains("10000000000 cells") && m.contains("at most 65536"),
                     qPrintable(m));
        }
        try {
            Calibration::perTaxel(std::vector<float>(660, 1.0f), 10.0f, GridSize{100000, 100000});
            QFAIL("a 100000 x 100000 grid was accepted");
        } catch (const FormatError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("10000000000 cells"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(
            FormatError, Calibration::fromJson(QJsonObject{
                             {"mode", "min_max"}, {"min_adc", 0}, {"max_adc", 9}, {"grid", QJsonArray{1e300, 2}}}));
        QVERIFY_THROWS_EXCEPTION(
            FormatError, Calibration::fromJson(QJsonObject{
                             {"mode", "min_max"}, {"min_adc", 0}, {"max_adc", 9}, {"grid", QJsonArray{2.5, 2}}}));
        // The largest accepted grid still works.
        const Calibration big = Calibration::fromJson(
            QJsonObject{{"mode", "min_max"}, {"min_adc", 0}, {"max_adc", 9}, {"grid", QJsonArray{256, 256}}});
        QCOMPARE(big.grid().cellCount(), 65536);
    }
};

QTEST_APPLESS_MAIN(TestTactile)
#include "test_tactile.moc"
