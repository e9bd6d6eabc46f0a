#include "insolepose/TimeIndex.h"

#include <QTest>

using namespace insolepose;

class TestTimeIndex : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void latestAtOnSortedTimes()
    {
        const std::vector<TimeNs> t = {10, 20, 20, 30};
        TimeIndex idx(t);
        QCOMPARE(idx.size(), std::size_t(4));
        QVERIFY(!idx.latestAt(9).has_value());
        QCOMPARE(*idx.latestAt(10), std::size_t(0));
        QCOMPARE(*idx.latestAt(19), std::size_t(0));
        QCOMPARE(*idx.latestAt(20), std::size_t(2)); // the last of equal times
        QCOMPARE(*idx.latestAt(1000), std::size_t(3));
        QCOMPARE(idx.outOfOrderCount(), std::size_t(0));
        QCOMPARE(idx.duplicateCount(), std::size_t(1));
    }
    void duplicatesAreCountedInTimeOrder()
    {
        const std::vector<TimeNs> t = {30, 10, 30, 20, 10}; // equal times that are not neighbours
        TimeIndex idx(t);
        QCOMPARE(idx.outOfOrderCount(), std::size_t(3));
        QCOMPARE(idx.duplicateCount(), std::size_t(2));
        const std::vector<TimeNs> distinct = {1, 2, 3};
        QCOMPARE(TimeIndex(distinct).duplicateCount(), std::size_t(0));
    }
    void rangeIsHalfOpen()
    {
        const std::vector<TimeNs> t = {0, 10, 20, 30, 40};
        TimeIndex idx(t);
        QCOMPARE(idx.range(10, 30), (std::pair<std::size_t, std::size_t>{1, 3}));
        QCOMPARE(idx.range(11, 12), (std::pair<std::size_t, std::size_t>{2, 2}));
        QCOMPARE(idx.range(-5, 100), (std::pair<std::size_t, std::size_t>{0, 5}));
        QCOMPARE(idx.range(30, 10), (std::pair<std::size_t, std::size_t>{3, 3}));
    }
    void nearestPicksClosest()
    {
        const std::vector<TimeNs> t = {0, 10, 30};
        TimeIndex idx(t);
        QCOMPARE(*idx.nearest(-4), std::size_t(0));
        QCOMPARE(*idx.nearest(4), std::size_t(0));
        QCOMPARE(*idx.nearest(5), std::size_t(0)); // tie goes to the earlier sample
        QCOMPARE(*idx.nearest(6), std::size_t(1));
        QCOMPARE(*idx.nearest(25), std::size_t(2));
        QCOMPARE(*idx.nearest(99), std::size_t(2));
        QVERIFY(!TimeIndex().nearest(0).has_value());
    }
    void outOfOrderTimesAreSortedWithRows()
    {
        const std::vector<TimeNs> t = {30, 10, 20, 5};
        TimeIndex idx(t);
        QCOMPARE(idx.outOfOrderCount(), std::size_t(2));
        QCOMPARE(idx.timeAt(0), TimeNs(5));
        QCOMPARE(idx.rowAt(0), std::size_t(3));
        QCOMPARE(idx.rowAt(3), std::size_t(0));
        QCOMPARE(*idx.latestAt(25), std::size_t(2));
        QCOMPARE(idx.rowAt(*idx.latestAt(25)), std::size_t(2));
        // A copy must not point into the original's sorted buffer.
        TimeIndex copy;
        {
            TimeIndex tmp(t);
            copy = tmp;
        }
        QCOMPARE(copy.timeAt(3), TimeNs(30));
        QCOMPARE(copy.rowAt(3), std::size_t(0));
    }
    void seriesAcceptsOutOfOrderInserts()
    {
        TimeSeries<int> s;
        s.insert(100, 1);
        s.insert(300, 3);
        s.insert(200, 2); // a late sample lands in its place
        s.insert(50, 0);
        QCOMPARE(s.size(), std::size_t(4));
        for (std::size_t i = 0; i < s.size(); ++i)
            QCOMPARE(s.valueAt(i), int(i));
        QVERIFY(s.latestAt(49) == nullptr);
        QCOMPARE(*s.latestAt(250), 2);
        QCOMPARE(*s.latestAt(300), 3);
        QCOMPARE(s.range(100, 300), (std::pair<std::size_t, std::size_t>{1, 3}));
        s.clear();
        QVERIFY(s.empty());
    }
};

QTEST_APPLESS_MAIN(TestTimeIndex)
#include "test_time_index.moc"
