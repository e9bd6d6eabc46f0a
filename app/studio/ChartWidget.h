#pragma once
// A widget that paints one report chart (core/report: line, bar or map) on white, or nothing; the
// comparison and gait docks show their charts with it, exactly as the PDF and PNG exports draw them.
#include "insolepose/report/Report.h"

#include <QPainter>
#include <QWidget>

#include <optional>
#include <utility>

namespace insolepose {

class ChartWidget : public QWidget {
public:
    using QWidget::QWidget;
    void setChart(std::optional<report::AnyChart> chart)
    {
        m_chart = std::move(chart);
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.fillRect(rect(), Qt::white);
        if (m_chart)
            report::paint(p, QRectF(rect()), *m_chart);
    }

private:
    std::optional<report::AnyChart> m_chart;
};

} // namespace insolepose
