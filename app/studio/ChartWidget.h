#pragma once
// A widget that paints one report chart (core/report: line, bar or map) on white, or nothing; the
// comparison and gait docks show their charts with it, exactly as the PDF and PNG exports draw them.
#include "insolepose/report/Report.h"

#include <QFrame>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
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

/// An analysis dock's contents in a scroll area that scrolls only up and down: its charts and
/// tables never make the window taller than the screen (the comparison and gait docks both open
/// on a 1366x768 screen grew past it), and it is as wide as `body` needs, never cut at the side.
inline QScrollArea* verticalScroller(QWidget* body, QWidget* parent)
{
    auto* scroll = new QScrollArea(parent);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(body);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(body->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    return scroll;
}

} // namespace insolepose
