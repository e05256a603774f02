import { describe, expect, it } from 'vitest'
import { sanitizeRichText } from './sanitize-rich-text'

describe('sanitizeRichText', () => {
  it('keeps the allowed tags', () => {
    const html = '<h2>Title</h2><h3>Sub</h3><h4>Small</h4><p>A <strong>bold</strong> and <em>calm</em> line<br>next</p>'
      + '<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quoted</p></blockquote>'
    expect(sanitizeRichText(html)).toBe(html)
  })

  it('maps pasted tags onto allowed ones', () => {
    expect(sanitizeRichText('<h1>Big</h1><b>b</b><i>i</i><h6>tiny</h6>')).toBe('<h2>Big</h2><strong>b</strong><em>i</em><h4>tiny</h4>')
  })

  it('drops every attribute except a link\'s href, rel and target', () => {
    expect(sanitizeRichText('<p class="x" style="color:red" onclick="alert(1)">Hi</p>')).toBe('<p>Hi</p>')
    expect(sanitizeRichText('<a href="/about" title="t" onmouseover="alert(1)">About</a>')).toBe('<a href="/about">About</a>')
  })

  it('removes images with event handlers, and what is not on the list', () => {
    expect(sanitizeRichText('<img src=x onerror=alert(1)>text')).toBe('text')
    expect(sanitizeRichText('<p>a<img src="x" onerror="alert(1)"/>b</p>')).toBe('<p>ab</p>')
    expect(sanitizeRichText('<div><span>kept text</span></div>')).toBe('kept text')
    expect(sanitizeRichText('<form action="/x"><input name="a" value="v"><button>Go</button></form>')).toBe('Go')
  })

  it('removes scripts, styles and frames with their content', () => {
    expect(sanitizeRichText('<p>a</p><script>alert(1)</script><p>b</p>')).toBe('<p>a</p><p>b</p>')
    expect(sanitizeRichText('<SCRIPT type="text/javascript">if (a < b) { document.write("<p>x</p>") }</SCRIPT>ok')).toBe('ok')
    expect(sanitizeRichText('<style>p { color: red } </style><p>x</p>')).toBe('<p>x</p>')
    expect(sanitizeRichText('<iframe src="https://evil.example"></iframe>x')).toBe('x')
    expect(sanitizeRichText('<textarea><p>not markup</p></textarea>x')).toBe('x')
    expect(sanitizeRichText('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>')).not.toMatch(/<img|onerror=/i)
  })

  it('drops an unterminated script and everything after it', () => {
    expect(sanitizeRichText('<p>a</p><script>alert(1)')).toBe('<p>a</p>')
  })

  it('drops svg and math subtrees', () => {
    expect(sanitizeRichText('<svg><a href="/x">x</a><script>alert(1)</script></svg><p>after</p>')).toBe('<p>after</p>')
    expect(sanitizeRichText('<math><mi xlink:href="javascript:alert(1)">x</mi></math>y')).toBe('y')
    expect(sanitizeRichText('<svg><svg></svg>still inside</svg>out')).toBe('out')
  })

  it('drops comments, doctypes and processing instructions', () => {
    expect(sanitizeRichText('<!-- <script>alert(1)</script> --><p>x</p>')).toBe('<p>x</p>')
    expect(sanitizeRichText('<!doctype html><?xml version="1.0"?><p>x</p>')).toBe('<p>x</p>')
    expect(sanitizeRichText('<p>a</p><!-- never closed <p>b</p>')).toBe('<p>a</p>')
  })

  it('refuses script URLs however they are written', () => {
    const links = [
      '<a href="javascript:alert(1)">x</a>',
      '<a href="JaVaScRiPt:alert(1)">x</a>',
      '<a href=" javascript:alert(1)">x</a>',
      '<a href="java&#x09;script:alert(1)">x</a>',
      '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
      '<a href="&#106avascript:alert(1)">x</a>',
      '<a href="javascript&colon;alert(1)">x</a>',
      '<a href="jav&Tab;ascript:alert(1)">x</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
      '<a href="vbscript:msgbox(1)">x</a>',
      '<a href="//evil.example/">x</a>',
      '<a href="\\\\evil.example">x</a>',
      '<a href="jav&NewLine;ascript:alert(1)">x</a>',
    ]
    for (const link of links) expect(sanitizeRichText(link), link).toBe('x')
  })

  it('keeps safe links, decoding then re-encoding their href', () => {
    expect(sanitizeRichText('<a href="https://example.com/?a=1&amp;b=2">x</a>')).toBe('<a href="https://example.com/?a=1&amp;b=2">x</a>')
    expect(sanitizeRichText('<a href=\'mailto:hi@example.com\'>mail</a>')).toBe('<a href="mailto:hi@example.com">mail</a>')
    expect(sanitizeRichText('<a href=tel:+34600000000>call</a>')).toBe('<a href="tel:+34600000000">call</a>')
    expect(sanitizeRichText('<a href="#team">team</a>')).toBe('<a href="#team">team</a>')
    expect(sanitizeRichText('<a href="https://example.com/?a=1&unknownentity;x">x</a>')).toBe('<a href="https://example.com/?a=1&amp;unknownentity;x">x</a>')
  })

  it('escapes quotes that try to break out of the href', () => {
    expect(sanitizeRichText('<a href=\'/x" onmouseover="alert(1)\'>x</a>')).toBe('x')
    expect(sanitizeRichText('<a href=\'/x"onmouseover="alert(1)\'>x</a>')).toBe('<a href="/x&quot;onmouseover=&quot;alert(1)">x</a>')
  })

  it('keeps a quoted ">" inside an attribute from ending the tag', () => {
    expect(sanitizeRichText('<p title="a > b">text</p>')).toBe('<p>text</p>')
    expect(sanitizeRichText('<a href="/x" title=\'<script>alert(1)</script>\'>x</a>')).toBe('<a href="/x">x</a>')
  })

  it('adds noopener to links that open a new tab, and filters rel', () => {
    expect(sanitizeRichText('<a href="https://example.com" target="_blank">x</a>'))
      .toBe('<a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a>')
    expect(sanitizeRichText('<a href="/x" target="_top" rel="nofollow opener evil">x</a>')).toBe('<a href="/x" rel="nofollow">x</a>')
  })

  it('closes unclosed tags and drops stray end tags', () => {
    expect(sanitizeRichText('<p>Hello <strong>world')).toBe('<p>Hello <strong>world</strong></p>')
    // A stray `</p>` is an empty paragraph, as browsers read it.
    expect(sanitizeRichText('</div></section>text</p></strong>')).toBe('text<p></p>')
    expect(sanitizeRichText('<ul><li>one<li>two</ul>')).toBe('<ul><li>one</li><li>two</li></ul>')
    expect(sanitizeRichText('<p>one<p>two')).toBe('<p>one</p><p>two</p>')
    expect(sanitizeRichText('<p>intro<ul><li>x</li></ul>')).toBe('<p>intro</p><ul><li>x</li></ul>')
    expect(sanitizeRichText('<a href="/a">one<a href="/b">two</a>')).toBe('<a href="/a">one</a><a href="/b">two</a>')
    expect(sanitizeRichText('<strong><em>x</strong>y</em>')).toBe('<strong><em>x</em></strong>y')
  })

  it('escapes text, writing character references as their characters', () => {
    expect(sanitizeRichText('1 < 2 > 0 & "q"')).toBe('1 &lt; 2 &gt; 0 &amp; "q"')
    expect(sanitizeRichText('&lt;script&gt; &copy; &#169; &#xA9;')).toBe('&lt;script&gt; © © ©')
    expect(sanitizeRichText('<p>a <3 b</p>')).toBe('<p>a &lt;3 b</p>')
  })

  it('neutralizes tag-splitting tricks', () => {
    expect(sanitizeRichText('<scr<script>ipt>alert(1)</script>')).toBe('ipt&gt;alert(1)')
    expect(sanitizeRichText('<<p>>x')).toBe('&lt;<p>&gt;x</p>')
    expect(sanitizeRichText('<p/onclick=alert(1)>x')).toBe('<p>x</p>')
    expect(sanitizeRichText('<a/href="javascript:alert(1)">x</a>')).toBe('x')
    expect(sanitizeRichText('<p\nonclick=alert(1)>x</p>')).toBe('<p>x</p>')
  })

  it('drops a tag cut off by the end of the input', () => {
    expect(sanitizeRichText('<p>x</p><a href="/y')).toBe('<p>x</p>')
    expect(sanitizeRichText('<p>x</p><img src=x onerror=alert(1)')).toBe('<p>x</p>')
  })

  it('removes null characters', () => {
    expect(sanitizeRichText('<scr\0ipt>alert(1)</script>')).toBe('')
  })
})

/** A tag that is not on the list, an event handler or a script URL anywhere in the output. */
const EXECUTABLE = /<(?!\/?(?:p|h[234]|strong|em|a|ul|ol|li|blockquote|br)[\s>])|\son[a-z]*\s*=|javascript:|vbscript:|data:/i

/** Each input comes out exactly as given, and nothing in it could run. */
function expectCleaned(cases: ReadonlyArray<readonly [input: string, output: string]>) {
  for (const [input, output] of cases) {
    const cleaned = sanitizeRichText(input)
    expect(cleaned, input).toBe(output)
    expect(cleaned, input).not.toMatch(EXECUTABLE)
  }
}

describe('sanitizeRichText against known XSS vectors', () => {
  it('resists mutation XSS through noscript, where browsers and parsers disagree', () => {
    expectCleaned([
      ['<noscript><p title="</noscript><img src=x onerror=alert(1)>">', ''],
      ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>ok', 'ok'],
      ['<p><noscript></p><img src=x onerror=alert(1)></noscript></p>', '<p></p><p></p>'],
    ])
  })

  it('resists SVG and MathML namespace confusion', () => {
    expectCleaned([
      ['<svg><style><img src=x onerror=alert(1)></style></svg>', ''],
      ['<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', ''],
      ['<svg><p><style><img src=x onerror=alert(1)></style></p></svg>after', 'after'],
      ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', ''],
      ['<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">', ''],
      ['<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>', ''],
      ['<svg/><p>after</p>', '<p>after</p>'],
    ])
  })

  it('refuses script, data and vbscript URLs behind entities, whitespace and control characters', () => {
    const hrefs = [
      'jav&#x09;ascript:alert(1)', 'java\nscript:alert(1)', 'java\tscript:alert(1)', 'jav&#x0A;ascript:alert(1)',
      '&#x6A;avascript&#x3A;alert(1)', '&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)',
      '  javascript:alert(1)', '\u0001javascript:alert(1)', 'java\0script:alert(1)', 'JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>', 'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'data:image/svg+xml,<svg onload=alert(1)>', 'vbscript:msgbox(1)', 'VBScript:msgbox(1)',
    ]
    expectCleaned(hrefs.map(href => [`<a href="${href}">x</a>`, 'x']))
  })

  it('reads uppercase and mixed-case tags and attributes like lowercase ones', () => {
    expectCleaned([
      ['<A HREF="JAVASCRIPT:alert(1)">x</A>', 'x'],
      ['<P ONCLICK="alert(1)">x</P>', '<p>x</p>'],
      ['<ScRiPt>alert(1)</sCrIpT>y', 'y'],
      ['<IMG SRC=x OnErRoR=alert(1)>y', 'y'],
      ['<a HrEf="/ok" TaRgEt="_BLANK">x</a>', '<a href="/ok" target="_blank" rel="noopener noreferrer">x</a>'],
    ])
  })

  it('closes unclosed tags, and drops comments and CDATA with what is inside', () => {
    expectCleaned([
      ['<p>unclosed <strong>bold <em>both', '<p>unclosed <strong>bold <em>both</em></strong></p>'],
      ['<a href="/x">never closed', '<a href="/x">never closed</a>'],
      ['<p>a<!-- <img src=x onerror=alert(1)> -->b</p>', '<p>ab</p>'],
      ['<p>a<!--[if IE]><img src=x onerror=alert(1)><![endif]-->b</p>', '<p>ab</p>'],
      ['<p>a<![CDATA[<img src=x onerror=alert(1)>]]>b</p>', '<p>ab</p>'],
      // `<!-->` is a whole (empty) comment in browsers: the img after it is a real tag, and is dropped.
      ['<p>a<!--> <img src=x onerror=alert(1)> -->b</p>', '<p>a  --&gt;b</p>'],
      ['<p>a<!---> <img src=x onerror=alert(1)> -->b</p>', '<p>a  --&gt;b</p>'],
      ['<script>//<!--</script><img src=x onerror=alert(1)>-->', '--&gt;'],
    ])
  })

  it('drops srcset and style attributes, however their URLs are written', () => {
    expectCleaned([
      ['<img srcset="x 1x, javascript:alert(1) 2x">y', 'y'],
      ['<p srcset="javascript:alert(1)">y</p>', '<p>y</p>'],
      ['<a href="/x" srcset="javascript:alert(1)">y</a>', '<a href="/x">y</a>'],
      ['<p style="width: expression(alert(1))">y</p>', '<p>y</p>'],
      ['<p style="background:url(javascript:alert(1))">y</p>', '<p>y</p>'],
      ['<a href="/x" style="background:url(&quot;javascript:alert(1)&quot;)">y</a>', '<a href="/x">y</a>'],
    ])
  })

  it('drops frames, forms, base, meta refresh and embedded content', () => {
    expectCleaned([
      ['<iframe srcdoc="<script>alert(1)</script>"></iframe>y', 'y'],
      ['<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">fallback <p>x</p></iframe>y', 'y'],
      ['<form action="javascript:alert(1)"><button>Go</button></form>', 'Go'],
      ['<button formaction="javascript:alert(1)">Go</button>', 'Go'],
      ['<base href="https://evil.example/"><a href="/x">x</a>', '<a href="/x">x</a>'],
      ['<meta http-equiv="refresh" content="0;url=javascript:alert(1)">y', 'y'],
      ['<meta http-equiv="refresh" content="0;url=https://evil.example">y', 'y'],
      ['<link rel=stylesheet href=https://evil.example/x.css>y', 'y'],
      ['<object data="javascript:alert(1)"><p>fallback</p></object>y', 'y'],
      ['<embed src="javascript:alert(1)">y', 'y'],
      ['<template><img src=x onerror=alert(1)></template>y', 'y'],
      ['<select><option><img src=x onerror=alert(1)></option></select>y', 'y'],
      ['<title><img src=x onerror=alert(1)></title>y', 'y'],
      ['<xmp><img src=x onerror=alert(1)></xmp>y', 'y'],
      ['<noembed><img src=x onerror=alert(1)></noembed>y', 'y'],
      ['<textarea></textarea><img src=x onerror=alert(1)>', ''],
      ['<plaintext><img src=x onerror=alert(1)>', ''],
    ])
  })

  it('keeps unquoted values from adding attributes', () => {
    expectCleaned([
      ['<a href=/x onmouseover=alert(1)>x</a>', '<a href="/x">x</a>'],
      ['<a href=/x target=_blank onclick=alert(1)>x</a>', '<a href="/x" target="_blank" rel="noopener noreferrer">x</a>'],
      // A quote or backtick in an unquoted value stays inside the escaped href: it never starts an attribute.
      ['<a href=/x"onmouseover=alert(1)>x</a>', '<a href="/x&quot;onmouseover=alert(1)">x</a>'],
      ['<a href=/x`onmouseover=alert(1)`>x</a>', '<a href="/x`onmouseover=alert(1)`">x</a>'],
      ['<a href="/x" rel=nofollow"onclick="alert(1)>x</a>', '<a href="/x">x</a>'],
      ['<p title=x onclick=alert(1)>y</p>', '<p>y</p>'],
    ])
  })

  it('removes null characters wherever they hide', () => {
    expectCleaned([
      ['<scr\0ipt>alert(1)</scr\0ipt>', ''],
      ['<img src=x on\0error=alert(1)>y', 'y'],
      ['<a href="java\0script:alert(1)">x</a>', 'x'],
      ['<p>a\0b</p>', '<p>ab</p>'],
    ])
  })
})

describe('sanitizeRichText on generated input', () => {
  const fragments = [
    '<p>', '</p>', '<a href="/x">', '<a href="javascript:alert(1)">', '</a>', '<script>', '</script>', '<img src=x onerror=alert(1)>',
    '<svg>', '</svg>', '<!--', '-->', '<', '>', '"', '\'', '&', '&amp;', '&#106;', '<li>', '<ul>', '</ul>', '<h1>', '<strong>',
    '</em>', 'text', ' ', '=', '<style>', '</style>', '<a href=\'https://example.com\' target=_blank>', '<br/>', '<b', 'onclick=',
  ]
  // A small deterministic generator: the same cases on every run.
  let seed = 42
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const cases = Array.from({ length: 500 }, () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => fragments[Math.floor(random() * fragments.length)]).join(''))

  it('only ever writes allowed tags and safe attributes', () => {
    for (const input of cases) {
      const output = sanitizeRichText(input)
      const tags = [...output.matchAll(/<(\/?)([a-z\d]+)(\s[^>]*)?>/g)]
      for (const [, slash, name, attributes = ''] of tags) {
        expect(['p', 'h2', 'h3', 'h4', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'br'], input).toContain(name)
        if (name === 'a' && !slash) expect(attributes, input).toMatch(/^ href="(?:\/|#|https?:\/\/|mailto:|tel:)[^"<>\s]*"(?: target="_blank")?(?: rel="[a-z ]+")?$/)
        else expect(attributes, input).toBe('')
      }
      // Outside the tags written above, no markup at all: text is escaped.
      expect(output.replace(/<\/?[a-z0-9][^>]*>/g, ''), input).not.toMatch(/[<>]/)
    }
  })

  it('is stable: cleaning clean output changes nothing', () => {
    for (const input of cases) {
      const once = sanitizeRichText(input)
      expect(sanitizeRichText(once), input).toBe(once)
    }
  })
})
